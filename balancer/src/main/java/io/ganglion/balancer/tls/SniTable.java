package io.ganglion.balancer.tls;

import io.netty.handler.ssl.SslContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which SSL context answers a server name, for one listener (immutable; a certificate replacement
 * gives a new table). Exact names first, then one-label wildcards ({@code *.example.com} matches
 * {@code a.example.com}, not {@code example.com}), else the line's first certificate, as HAProxy
 * picks among a line's certificates.
 *
 * @param contexts one context per certificate of the line, in line order, each with its file
 */
record SniTable(List<Entry> contexts, Map<String, Entry> exact, Map<String, Entry> wildcard) {
    /**
     * A certificate file and the context built from it.
     *
     * @param keyOnEngine what each connection of the context gets before its handshake, or null (see
     *        {@link KeyOnEngine})
     * @param list the path of the crt-list (or {@code crt DIR}) that brought the file, or null
     * @param line that list's line (its filters pick the names), or null
     * @param spec the options its context was built with (a crt-list line's over the bind line's)
     */
    record Entry(CertificateFile file, SslContext context, KeyOnEngine keyOnEngine, String list, CrtListLine line,
            TlsBindSpec spec) {
        /**
         * The names it answers ({@code *.} ones wildcards): its crt-list filters, else the file's own
         * (those of a replacing certificate after {@code commit ssl cert}).
         */
        List<String> names() {
            List<String> filtered = line == null ? List.of() : line.filteredNames();
            return filtered.isEmpty() ? file.names() : filtered;
        }

        /** The names it must not answer (negative crt-list filters). */
        List<String> excluded() {
            return line == null ? List.of() : line.excluded();
        }

        Entry withContext(CertificateFile replaced, SslContext rebuilt) throws javax.net.ssl.SSLException {
            return new Entry(replaced, rebuilt, KeyOnEngine.of(replaced), list, line, spec);
        }
    }

    static SniTable of(List<Entry> contexts) {
        Map<String, Entry> exact = new HashMap<>();
        Map<String, Entry> wildcard = new HashMap<>();
        for (Entry e : contexts) {
            for (String name : e.names()) {
                if (name.startsWith("*.")) {
                    wildcard.putIfAbsent(name.substring(2), e);
                } else {
                    exact.putIfAbsent(name, e);
                }
            }
        }
        return new SniTable(List.copyOf(contexts), Map.copyOf(exact), Map.copyOf(wildcard));
    }

    /** The entry holding {@code context}, or null. */
    Entry entryOf(SslContext context) {
        for (Entry e : contexts) {
            if (e.context() == context) {
                return e;
            }
        }
        return null;
    }

    /** The entry for {@code serverName} (null when the client sent none): never null. */
    Entry select(String serverName) {
        Entry e = match(serverName);
        return e != null ? e : contexts.get(0);
    }

    /** The entry whose names match {@code serverName}, or null: {@code strict-sni} refuses then. */
    Entry match(String serverName) {
        if (serverName == null) {
            return null;
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        Entry e = exact.get(name);
        if (e == null) {
            int dot = name.indexOf('.');
            if (dot > 0) {
                e = wildcard.get(name.substring(dot + 1));
            }
        }
        // a negative crt-list filter: this certificate does not answer the name
        return e != null && e.excluded().contains(name) ? null : e;
    }
}
