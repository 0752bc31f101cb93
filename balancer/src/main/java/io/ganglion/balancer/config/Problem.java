package io.ganglion.balancer.config;

/**
 * One alert or warning about a configuration file, rendered the way {@code haproxy -c} prints it:
 * {@code [ALERT]    (PID) : config : parsing [FILE:LINE] : MESSAGE}.
 *
 * @param source  the line at fault, or null for a problem of the whole file (e.g. missing timeouts)
 * @param message HAProxy's wording where HAProxy has the same problem
 */
public record Problem(Severity severity, Source source, String message) {

    /** HAProxy pads both tags to the same width so that the PIDs line up. */
    public enum Severity {
        ALERT("[ALERT]    "), WARNING("[WARNING]  ");

        private final String tag;

        Severity(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    public static Problem alert(Source source, String message) {
        return new Problem(Severity.ALERT, source, message);
    }

    public static Problem warning(Source source, String message) {
        return new Problem(Severity.WARNING, source, message);
    }

    public boolean isAlert() {
        return severity == Severity.ALERT;
    }

    /** The whole line as {@code haproxy -c} prints it, for process {@code pid}. */
    public String render(long pid) {
        String where = source == null ? "" : "parsing [" + source + "] : ";
        return severity.tag() + "(" + pid + ") : config : " + where + message;
    }
}
