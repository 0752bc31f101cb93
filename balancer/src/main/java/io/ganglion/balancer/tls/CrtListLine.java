package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One certificate of a crt-list: its file, the SSL options written between brackets (which override
 * the bind line's for handshakes that pick this certificate) and its SNI filters.
 *
 * <p>Filters, as HAProxy reads them: without any, the certificate answers the names it carries;
 * positive filters ({@code www.example.com}, {@code *.example.com}) replace those names; a negative
 * one ({@code !bad.example.com}) keeps the certificate from answering that name.
 *
 * @param file    the certificate
 * @param line    its line in the list (0 for a {@code crt DIR})
 * @param options the bracketed options, keyword to value ({@code null} value: none), in file order
 * @param filters the SNI filters as written
 */
record CrtListLine(CertificateFile file, int line, Map<String, String> options, List<String> filters) {
    /**
     * The options HAProxy 2.6 takes in a crt-list that Ganglion has, in the order {@code show ssl
     * crt-list} prints them.
     */
    static final List<String> KEYWORDS = List.of("alpn", "verify", "ca-file", "crl-file", "ciphers", "ciphersuites",
            "curves", "ssl-min-ver", "ssl-max-ver");
    /** HAProxy 2.6's other crt-list options: refused as not supported, not as unknown. */
    private static final List<String> NOT_SUPPORTED = List.of("allow-0rtt", "ecdhe", "no-ca-names", "npn");

    CrtListLine {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        filters = List.copyOf(filters);
    }

    /** Where a line's certificate comes from: the file on disk at start, the loaded store at run time. */
    @FunctionalInterface
    interface Certificates {
        CertificateFile get(String path) throws KeywordException;
    }

    static CrtListLine parse(String text, String listPath, int line) throws KeywordException {
        return parse(text, listPath, line, CertificateFile::load);
    }

    static CrtListLine parse(String text, String listPath, int line, Certificates certificates) throws KeywordException {
        String rest = text;
        int space = firstSpace(rest);
        String path = space < 0 ? rest : rest.substring(0, space);
        rest = space < 0 ? "" : rest.substring(space).strip();
        Map<String, String> options = new LinkedHashMap<>();
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            String inside = end < 0 ? rest.substring(1) : rest.substring(1, end);
            rest = end < 0 ? "" : rest.substring(end + 1).strip();
            List<String> words = List.of(inside.strip().split("\\s+"));
            for (int i = 0; i < words.size() && !words.get(i).isEmpty(); i++) {
                String keyword = words.get(i);
                if (NOT_SUPPORTED.contains(keyword)) {
                    throw new KeywordException("parsing [" + listPath + ":" + line + "]: ssl keyword " + keyword
                            + " is not supported by Ganglion");
                }
                if (!KEYWORDS.contains(keyword)) {
                    throw new KeywordException("parsing [" + listPath + ":" + line + "]: unknown ssl keyword " + keyword);
                }
                String value = i + 1 < words.size() ? words.get(++i) : null;
                options.put(keyword, value);
            }
        }
        List<String> filters = rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
        CrtListLine parsed = new CrtListLine(certificates.get(path), line, options, filters);
        parsed.applyTo(TlsBindSpec.NONE.withSsl()); // the options' own errors, now, at the bind line
        return parsed;
    }

    private static int firstSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The bind line's options with this line's written over them: what this certificate's handshakes use. */
    TlsBindSpec applyTo(TlsBindSpec bind) throws KeywordException {
        Settings settings = Settings.EMPTY.with(TlsBindOptions.TLS, bind);
        for (Map.Entry<String, String> o : options.entrySet()) {
            BindOption option = TlsBindOptions.table().stream().filter(b -> b.keyword().equals(o.getKey())).findFirst()
                    .orElseThrow();
            settings = option.apply().apply(settings, o.getValue());
        }
        return settings.get(TlsBindOptions.TLS);
    }

    /**
     * The names the positive filters give, lower case ({@code *.} ones are wildcards); empty when
     * there are none and the certificate answers its own names.
     */
    List<String> filteredNames() {
        List<String> positive = new ArrayList<>();
        for (String f : filters) {
            if (!f.startsWith("!")) {
                positive.add(f.toLowerCase(Locale.ROOT));
            }
        }
        return positive;
    }

    /** The names this certificate must not answer for ({@code !name} filters), lower case. */
    List<String> excluded() {
        List<String> out = new ArrayList<>();
        for (String f : filters) {
            if (f.startsWith("!")) {
                out.add(f.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * The options as {@code show ssl crt-list} prints them: {@code  [...]} in HAProxy's fixed order,
     * nothing when there are none. HAProxy 2.6 ends {@code alpn}'s list with a NUL byte (it prints
     * its terminator); kept, since scripts compare the answer byte for byte.
     */
    String optionsText() {
        if (options.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String k : KEYWORDS) {
            if (options.containsKey(k)) {
                parts.add(k + " " + options.get(k) + (k.equals("alpn") ? "\0" : ""));
            }
        }
        return " [" + String.join(" ", parts) + "]";
    }
}
