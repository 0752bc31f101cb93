package io.ganglion.balancer.log;

/**
 * The request line's variables ({@code %r}, {@code %HM}, {@code %HU}, {@code %HP}, {@code %HPO},
 * {@code %HQ}, {@code %HV}), cut from the line as received exactly as HAProxy 2.6 cuts it (on
 * spaces and tabs, {@code <BADREQ>} when there is no line or a part is missing, {@code HTTP/0.9}
 * without a version), and written with HAProxy's URL encoding.
 */
final class RequestLine {
    private static final String BADREQ = "<BADREQ>";

    private RequestLine() {
    }

    static void whole(StringBuilder out, String line, int options) {
        String l = line == null ? BADREQ : line;
        quoted(out, l, 0, l.length(), options);
    }

    static void method(StringBuilder out, String line, int options) {
        if (line == null) {
            quoted(out, BADREQ, 0, BADREQ.length(), options);
            return;
        }
        int end = wordEnd(line, 0);
        if (end == line.length()) { // only a method
            quoted(out, BADREQ, 0, BADREQ.length(), options);
        } else {
            quoted(out, line, 0, end, options);
        }
    }

    /** {@code %HU}, the URI as sent. */
    static void uri(StringBuilder out, String line, int options) {
        int start = uriStart(line);
        if (start < 0) {
            quoted(out, BADREQ, 0, BADREQ.length(), options);
        } else {
            quoted(out, line, start, wordEnd(line, start), options);
        }
    }

    /** {@code %HP} (up to the query) or {@code %HPO} (the path alone, without scheme and authority). */
    static void path(StringBuilder out, String line, int options, boolean pathOnly) {
        int start = uriStart(line);
        if (start < 0) {
            quoted(out, BADREQ, 0, BADREQ.length(), options);
            return;
        }
        int end = start;
        while (end < line.length() && line.charAt(end) != '?' && !blank(line.charAt(end))) {
            end++;
        }
        if (pathOnly) {
            start = pathStart(line, start, end);
        }
        quoted(out, line, start, end, options);
    }

    /** {@code %HQ}: from the first {@code ?} of the line to the next blank, empty without one. */
    static void query(StringBuilder out, String line, int options) {
        if (line == null) {
            quoted(out, BADREQ, 0, BADREQ.length(), options);
            return;
        }
        int q = line.indexOf('?');
        if (q < 0) {
            quoted(out, line, line.length(), line.length(), options);
        } else {
            quoted(out, line, q, wordEnd(line, q), options);
        }
    }

    static void version(StringBuilder out, String line, int options) {
        int start = uriStart(line);
        if (start < 0) {
            quoted(out, BADREQ, 0, BADREQ.length(), options);
            return;
        }
        int v = skipBlanks(line, wordEnd(line, start));
        if (v == line.length()) {
            quoted(out, "HTTP/0.9", 0, 8, options);
        } else {
            quoted(out, line, v, line.length(), options);
        }
    }

    /** Where the URI starts (after the method and its blanks), or -1 when the line has none. */
    private static int uriStart(String line) {
        if (line == null) {
            return -1;
        }
        int end = wordEnd(line, 0);
        int start = skipBlanks(line, end);
        return start == end ? -1 : start;
    }

    /** An absolute URI's path: after {@code scheme://authority}; an origin-form URI is a path already. */
    private static int pathStart(String line, int start, int end) {
        int scheme = line.indexOf("://", start);
        if (line.charAt(start) == '/' || scheme < 0 || scheme >= end) {
            return start;
        }
        int slash = line.indexOf('/', scheme + 3);
        return slash < 0 || slash >= end ? end : slash;
    }

    private static void quoted(StringBuilder out, String text, int from, int to, int options) {
        boolean quote = (options & LogOptions.QUOTE) != 0;
        if (quote) {
            out.append('"');
        }
        LogText.url(out, text, from, to, options);
        if (quote) {
            out.append('"');
        }
    }

    private static int wordEnd(String s, int from) {
        int i = from;
        while (i < s.length() && !blank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i < s.length() && blank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }
}
