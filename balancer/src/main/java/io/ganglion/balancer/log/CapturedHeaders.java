package io.ganglion.balancer.log;

/**
 * How HAProxy 2.6 writes captured headers ({@code capture request/response header}): {@code %hr}
 * and {@code %hs} as one block {@code {a|b}}, {@code %hrl} and {@code %hsl} as a list {@code a b}
 * in which an absent header is {@code -} (or {@code ""} with {@code +Q}). Nothing at all for a
 * stream without captures.
 */
final class CapturedHeaders {
    private CapturedHeaders() {
    }

    static void block(StringBuilder out, String[] values, int options) {
        if (values == null) {
            return;
        }
        boolean quote = (options & LogOptions.QUOTE) != 0;
        if (quote) {
            out.append('"');
        }
        out.append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('|');
            }
            if (values[i] != null) {
                LogText.header(out, values[i], options);
            }
        }
        out.append('}');
        if (quote) {
            out.append('"');
        }
    }

    static void list(StringBuilder out, String[] values, int options) {
        if (values == null) {
            return;
        }
        boolean quote = (options & LogOptions.QUOTE) != 0;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            if (quote) {
                out.append('"');
            }
            if (values[i] != null) {
                LogText.header(out, values[i], options);
            } else if (!quote) {
                out.append('-');
            }
            if (quote) {
                out.append('"');
            }
        }
    }
}
