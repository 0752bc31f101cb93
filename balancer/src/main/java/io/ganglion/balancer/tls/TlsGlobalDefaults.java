package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.KeywordException;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ParseContext;
import io.ganglion.balancer.config.SectionKind;
import io.ganglion.balancer.config.Settings;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code global}'s {@code ssl-default-bind-ciphers}, {@code -ciphersuites}, {@code -curves} and
 * {@code -options}: they become the TLS settings every later {@code bind} line starts from
 * ({@link BindOption#GLOBAL_DEFAULTS}), so a line's own option replaces the default, and a bad
 * default is refused at each {@code ssl} line that uses it, as HAProxy refuses it.
 */
final class TlsGlobalDefaults {
    /** The words {@code ssl-default-bind-options} takes, as on a bind line. */
    private static final List<String> OPTIONS = options();

    private TlsGlobalDefaults() {
    }

    private static List<String> options() {
        List<String> out = new ArrayList<>(List.of("no-tls-tickets", "prefer-client-ciphers", "ssl-min-ver", "ssl-max-ver"));
        for (String v : TlsVersions.FLAG_NAMES) {
            out.add("no-" + v);
            out.add("force-" + v);
        }
        return out;
    }

    static List<KeywordRow> rows() {
        return List.of(
                valued("ssl-default-bind-ciphers", "cipher suite", "ciphers"),
                valued("ssl-default-bind-ciphersuites", "cipher suite", "ciphersuites"),
                valued("ssl-default-bind-curves", "curves suite", "curves"),
                KeywordRow.of("ssl-default-bind-options", EnumSet.of(SectionKind.GLOBAL), TlsGlobalDefaults::options));
    }

    private static KeywordRow valued(String keyword, String what, String bindOption) {
        return KeywordRow.of(keyword, EnumSet.of(SectionKind.GLOBAL), (ctx, args) -> {
            if (args.isEmpty()) {
                throw new KeywordException("global statement '" + keyword + "' expects a " + what + " as an argument.");
            }
            apply(ctx, bindOption, args.get(0));
        });
    }

    private static void options(ParseContext ctx, List<String> args) throws KeywordException {
        if (args.isEmpty()) {
            throw new KeywordException("global statement 'ssl-default-bind-options' expects an option as an argument.");
        }
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (!OPTIONS.contains(word)) {
                throw new KeywordException("unknown option '" + word + "' on global statement 'ssl-default-bind-options'.");
            }
            boolean valued = word.startsWith("ssl-m");
            try {
                apply(ctx, word, valued && i + 1 < args.size() ? args.get(++i) : null);
            } catch (KeywordException e) {
                throw new KeywordException(e.getMessage() + " on global statement 'ssl-default-bind-options'.");
            }
        }
    }

    private static void apply(ParseContext ctx, String bindOption, String value) throws KeywordException {
        Settings defaults = ctx.global().get(BindOption.GLOBAL_DEFAULTS);
        BindOption option = TlsBindOptions.table().stream().filter(o -> o.keyword().equals(bindOption)).findFirst()
                .orElseThrow();
        ctx.global().set(BindOption.GLOBAL_DEFAULTS, option.apply().apply(defaults, value));
    }
}
