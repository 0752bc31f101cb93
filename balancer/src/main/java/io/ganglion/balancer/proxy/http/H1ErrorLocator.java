package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.session.ParseStop;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds, in the bytes of a message the balancer refused, the byte where HAProxy 2.6's H1 parser
 * stops and the state it is in then, so that {@code show errors} reports the same position and
 * state as HAProxy. Netty's decoder says that a head is invalid, not where; this reads the bytes
 * again, on the error path only, by HTTP/1.1's syntax and the rules HAProxy 2.6.12 was seen to
 * apply (each one measured with {@code show errors}):
 * <ul>
 * <li>request line: a method of token characters; the target ends at a space or a tab, and NUL,
 * another control byte or a byte above 0x7E (DEL excepted) stops it there; a version not made of
 * capitals, digits, {@code /} and {@code .} stops at its first byte in {@code MSG_RQVER}, one that
 * is not {@code HTTP/d.d} at its first byte in {@code MSG_DATA}; no version at all (HTTP/0.9) stops
 * where it would begin;</li>
 * <li>status line: a version not made of capitals, digits, {@code /} and {@code .} stops at its
 * first byte in {@code MSG_RPVER}; one that is not {@code HTTP/d.d} is refused once the head is
 * read, at the first byte in {@code MSG_DATA}, with the Content-Length as chunk and body length;
 * a status that is not three digits stops at its first byte;</li>
 * <li>header names are tokens followed by {@code :}; a line that begins with a space before the
 * first header stops there; a CR in a value stops at the next byte, which is not LF, in
 * {@code MSG_HDR_L2_LF};</li>
 * <li>{@code Content-Length} must be digits (below 2^63) equal to any earlier one, else it stops at
 * the value's first byte; so does a {@code Transfer-Encoding} that names a coding after
 * {@code chunked};</li>
 * <li>a body whose {@code Transfer-Encoding} has no {@code chunked} stops where the body begins,
 * in {@code MSG_DATA}; one with a coding before {@code chunked} (a request's is refused with 422)
 * in {@code MSG_CHUNK_SIZE};</li>
 * <li>a chunk size line stops at its first byte without a hex digit, at the first byte after the
 * digits that is not {@code ;}, a space or the line end, and at the digit that makes the size reach
 * 2^52; the CRLF after a chunk's data stops at its first byte;</li>
 * <li>a trailer whose name is not a token followed by {@code :} is reported at the body's first
 * byte, in {@code MSG_TRAILERS}.</li>
 * </ul>
 * A message refused for a reason HAProxy accepts (where Ganglion is stricter, see the README) has
 * no HAProxy position: {@link #fallback} names the end of its head.
 */
final class H1ErrorLocator {
    private static final long CHUNK_SIZE_LIMIT = 1L << 52;

    private final byte[] b;
    private final int len;
    private final boolean request;
    private int firstHeaderLine = -1;
    private long contentLength = -1;
    private boolean transferEncoding;
    private boolean chunkedSeen;
    private boolean codingBeforeChunked;
    /** A status line whose version is made of version characters but is not {@code HTTP/d.d}. */
    private boolean versionNotHttp;
    private int headEnd = -1;
    /** Where the first header line begins, once the start line has been read. */
    private int lineStartOfHeaders;

    private H1ErrorLocator(byte[] bytes, boolean request) {
        this.b = bytes;
        this.len = bytes.length;
        this.request = request;
    }

    /** Where HAProxy's parser stops in these bytes of a request, from its first byte; empty if it would not. */
    static Optional<ParseStop> inRequest(byte[] bytes) {
        return new H1ErrorLocator(bytes, true).locate();
    }

    /** Where HAProxy's parser stops in these bytes of a response, from its first byte; empty if it would not. */
    static Optional<ParseStop> inResponse(byte[] bytes) {
        return new H1ErrorLocator(bytes, false).locate();
    }

    /** The stop {@code show errors} reports for a message HAProxy would not refuse: the end of its head, or of the bytes. */
    static ParseStop fallback(byte[] bytes) {
        H1ErrorLocator l = new H1ErrorLocator(bytes, true);
        int end = l.findHeadEnd();
        return new ParseStop(end < 0 ? bytes.length : end, end < 0 ? "MSG_HDR_VAL" : "MSG_DATA", end < 0 ? 22 : 27);
    }

    /**
     * The stop for a head longer than the capture: HAProxy reports the end of its full buffer, in
     * the target when the request line has not ended there, else in a header value.
     */
    static ParseStop tooLong(byte[] bytes) {
        return lineEnd(bytes, 0) < 0 ? new ParseStop(bytes.length, "MSG_RQURI", 4) : new ParseStop(bytes.length, "MSG_HDR_VAL", 22);
    }

    private Optional<ParseStop> locate() {
        ParseStop stop = request ? requestLine() : statusLine();
        if (stop == null) {
            stop = headers();
        }
        if (stop == null && headEnd >= 0 && versionNotHttp) {
            long length = Math.max(contentLength, 0);
            stop = new ParseStop(0, "MSG_DATA", 27, length, length);
        }
        if (stop == null && headEnd >= 0) {
            stop = body();
        }
        return Optional.ofNullable(stop);
    }

    private ParseStop requestLine() {
        int i = 0;
        if (len == 0) {
            return null;
        }
        if (!isToken(b[0])) {
            return new ParseStop(0, "MSG_RQBEFORE", 0);
        }
        while (i < len && isToken(b[i])) {
            i++;
        }
        if (i == len) {
            return null;
        }
        if (b[i] != ' ') {
            return new ParseStop(i, "MSG_RQMETH", 2);
        }
        while (i < len && b[i] == ' ') {
            i++;
        }
        while (i < len && b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\n') {
            int c = b[i] & 0xff;
            if (c < 0x20 || c > 0x7f) {
                return new ParseStop(i, "MSG_RQURI", 4);
            }
            i++;
        }
        if (i == len) {
            return null;
        }
        if (b[i] == '\r' || b[i] == '\n') {
            return new ParseStop(i, "MSG_DATA", 27); // HTTP/0.9: no version where one must begin
        }
        while (i < len && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        int version = i;
        int end = lineEnd(b, version);
        if (end < 0) {
            return null;
        }
        for (int v = version; v < end; v++) {
            if (!isVersionChar(b[v])) {
                return new ParseStop(version, "MSG_RQVER", 6);
            }
        }
        if (!isHttpVersion(version, end)) {
            return new ParseStop(version, "MSG_DATA", 27);
        }
        lineStartOfHeaders = nextLine(end);
        return null;
    }

    private ParseStop statusLine() {
        if (len == 0) {
            return null;
        }
        if (!isToken(b[0])) {
            return new ParseStop(0, "MSG_RPBEFORE", 8);
        }
        int i = 0;
        while (i < len && b[i] != ' ' && b[i] != '\r' && b[i] != '\n') {
            i++;
        }
        if (i == len) {
            return null;
        }
        for (int v = 0; v < i; v++) {
            if (!isVersionChar(b[v])) {
                return new ParseStop(0, "MSG_RPVER", 10);
            }
        }
        if (b[i] != ' ') {
            return new ParseStop(0, "MSG_RPVER", 10);
        }
        versionNotHttp = !isHttpVersion(0, i);
        while (i < len && b[i] == ' ') {
            i++;
        }
        int code = i;
        for (int d = 0; d < 3; d++, i++) {
            if (i == len) {
                return null;
            }
            if (!isDigit(b[i])) {
                return new ParseStop(code, "MSG_RPCODE", 12);
            }
        }
        if (i < len && b[i] != ' ' && b[i] != '\r' && b[i] != '\n') {
            return new ParseStop(code, "MSG_RPCODE", 12);
        }
        int end = lineEnd(b, i);
        if (end < 0) {
            return null;
        }
        lineStartOfHeaders = nextLine(end);
        return null;
    }

    private ParseStop headers() {
        int line = lineStartOfHeaders;
        while (line < len) {
            if (b[line] == '\r' || b[line] == '\n') {
                int end = lineEnd(b, line);
                if (end < 0) {
                    return null;
                }
                headEnd = nextLine(end);
                return null;
            }
            int end = lineEnd(b, line);
            if (b[line] == ' ' || b[line] == '\t') {
                if (firstHeaderLine < 0) {
                    return new ParseStop(line, "MSG_HDR_NAME", 17);
                }
                if (end < 0) {
                    return null;
                }
                line = nextLine(end); // obs-fold: a continuation of the previous value
                continue;
            }
            if (firstHeaderLine < 0) {
                firstHeaderLine = line;
            }
            int i = line;
            while (i < len && isToken(b[i])) {
                i++;
            }
            if (i == len) {
                return null;
            }
            if (b[i] != ':' || i == line) {
                return new ParseStop(i, "MSG_HDR_NAME", 17);
            }
            if (end < 0) {
                return null;
            }
            int value = i + 1;
            while (value < end && (b[value] == ' ' || b[value] == '\t')) {
                value++;
            }
            for (int v = value; v < end; v++) {
                if (b[v] == '\r') {
                    return new ParseStop(v + 1, "MSG_HDR_L2_LF", 23); // the byte after a CR, where an LF must be
                }
            }
            ParseStop stop = framingHeader(line, i, value, end);
            if (stop != null) {
                return stop;
            }
            line = nextLine(end);
        }
        return null;
    }

    private ParseStop framingHeader(int name, int nameEnd, int value, int end) {
        if (nameIs(name, nameEnd, "content-length")) {
            for (String item : text(value, end).split(",", -1)) {
                String v = item.strip();
                long n = digits(v);
                if (n < 0) {
                    return new ParseStop(value, "MSG_HDR_L2_LWS", 24);
                }
                if (contentLength >= 0 && n != contentLength) {
                    return new ParseStop(value, "MSG_HDR_L2_LWS", 24, contentLength, contentLength);
                }
                contentLength = n;
            }
        } else if (nameIs(name, nameEnd, "transfer-encoding")) {
            transferEncoding = true;
            for (String item : text(value, end).split(",")) {
                String coding = item.strip();
                if (coding.isEmpty()) {
                    continue;
                }
                if (chunkedSeen) {
                    return new ParseStop(value, "MSG_HDR_L2_LWS", 24);
                }
                if (coding.equalsIgnoreCase("chunked")) {
                    chunkedSeen = true;
                } else {
                    codingBeforeChunked = true;
                }
            }
        }
        return null;
    }

    private ParseStop body() {
        if (!transferEncoding) {
            return null;
        }
        if (!chunkedSeen) {
            return new ParseStop(headEnd, "MSG_DATA", 27);
        }
        if (codingBeforeChunked) {
            return new ParseStop(headEnd, "MSG_CHUNK_SIZE", 26);
        }
        int line = headEnd;
        long bodyRead = 0;
        while (line < len) {
            int i = line;
            long size = 0;
            while (i < len && isHex(b[i])) {
                size = size * 16 + Character.digit(b[i], 16);
                if (size >= CHUNK_SIZE_LIMIT) {
                    return new ParseStop(i, "MSG_CHUNK_SIZE", 26, 0, bodyRead);
                }
                i++;
            }
            if (i == len) {
                return null;
            }
            if (i == line) {
                return new ParseStop(line, "MSG_CHUNK_SIZE", 26, 0, bodyRead);
            }
            while (i < len && (b[i] == ' ' || b[i] == '\t')) {
                i++;
            }
            if (i < len && b[i] != ';' && b[i] != '\r' && b[i] != '\n') {
                return new ParseStop(i, "MSG_CHUNK_SIZE", 26, 0, bodyRead);
            }
            bodyRead += size;
            int end = lineEnd(b, i);
            if (end < 0) {
                return null;
            }
            if (size == 0) {
                return trailers(nextLine(end), bodyRead);
            }
            int data = nextLine(end);
            int after = (int) Math.min(len, data + size);
            if (after == len) {
                return null;
            }
            if (b[after] != '\r' || after + 1 < len && b[after + 1] != '\n') {
                return new ParseStop(after, "MSG_CHUNK_CRLF", 28, 0, bodyRead);
            }
            if (after + 1 == len) {
                return null;
            }
            line = after + 2;
        }
        return null;
    }

    /** A trailer name that is not a token followed by its colon: HAProxy reports it at the body's start. */
    private ParseStop trailers(int line, long bodyRead) {
        while (line < len && b[line] != '\r' && b[line] != '\n') {
            int end = lineEnd(b, line);
            if (end < 0) {
                return null;
            }
            int i = line;
            while (i < end && isToken(b[i])) {
                i++;
            }
            if (i == line || b[i] != ':') {
                return new ParseStop(headEnd, "MSG_TRAILERS", 29, 0, bodyRead);
            }
            line = nextLine(end);
        }
        return null;
    }

    private int findHeadEnd() {
        for (int i = 0; i + 1 < len; i++) {
            if (b[i] == '\n' && (b[i + 1] == '\n' || b[i + 1] == '\r' && i + 2 < len && b[i + 2] == '\n')) {
                return b[i + 1] == '\n' ? i + 2 : i + 3;
            }
        }
        return -1;
    }

    /** The index of the CR (or lone LF) that ends the line holding {@code from}, or -1 if the line has not ended. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i > from && b[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return -1;
    }

    private int nextLine(int end) {
        return b[end] == '\r' ? end + 2 : end + 1;
    }

    private boolean isHttpVersion(int from, int to) {
        return to - from == 8 && b[from] == 'H' && b[from + 1] == 'T' && b[from + 2] == 'T' && b[from + 3] == 'P'
                && b[from + 4] == '/' && isDigit(b[from + 5]) && b[from + 6] == '.' && isDigit(b[from + 7]);
    }

    private boolean nameIs(int from, int to, String lowerCaseName) {
        if (to - from != lowerCaseName.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (Character.toLowerCase((char) b[i]) != lowerCaseName.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    private String text(int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** The value of a string of decimal digits, or -1 when it is empty, holds another character or passes 2^63 - 1. */
    private static long digits(String v) {
        if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isVersionChar(byte c) {
        return c >= 'A' && c <= 'Z' || isDigit(c) || c == '/' || c == '.';
    }

    private static boolean isToken(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c > 0 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(byte c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
