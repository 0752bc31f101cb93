package io.ganglion.balancer.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * The size HAProxy 2.6 logs for an HTTP message ({@code %U}, {@code %B}): not the bytes on the
 * wire but its internal (HTX) form, as measured on 2.6.12: 20 for the start line's block plus its
 * three parts, each header's name and value (trimmed, so without ": " and CRLF), 1 for the end of
 * the head; {@code Connection} loses its {@code close} and {@code keep-alive} tokens (the header
 * goes when none is left). Then the body's data, without chunk framing, and for a chunked body 1
 * for its end plus its trailers' names and values.
 */
final class HtxSize {
    private static final int START_LINE_BLOCK = 20;
    private static final int END_OF_HEAD = 1;
    static final int END_OF_TRAILERS = 1;

    private HtxSize() {
    }

    static long head(HttpRequest r) {
        return START_LINE_BLOCK + r.method().name().length() + r.uri().length() + r.protocolVersion().text().length()
                + headers(r.headers()) + END_OF_HEAD;
    }

    static long head(HttpResponse r) {
        return START_LINE_BLOCK + r.protocolVersion().text().length() + 3 + r.status().reasonPhrase().length()
                + headers(r.headers()) + END_OF_HEAD;
    }

    /**
     * The names and values of {@code headers}, with HAProxy's {@code Connection} cleanup. Read as
     * they are stored (no String made per header): it runs for every message.
     */
    static long headers(HttpHeaders headers) {
        long size = 0;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)) {
                int kept = connectionTokensLength(h.getValue());
                size += kept == 0 ? 0 : name.length() + kept;
            } else {
                size += name.length() + h.getValue().length();
            }
        }
        return size;
    }

    /**
     * The length of a {@code Connection} value without {@code close} and {@code keep-alive}, tokens
     * joined by ", ". Read in place: since {@code bin}/{@code bout} count these sizes, it runs for
     * every request that names its connection's fate, not only for logged ones.
     */
    private static int connectionTokensLength(CharSequence value) {
        int length = 0;
        int tokens = 0;
        int at = 0;
        int end = value.length();
        while (at <= end) {
            int comma = at;
            while (comma < end && value.charAt(comma) != ',') {
                comma++;
            }
            int from = at;
            int to = comma;
            while (from < to && Character.isWhitespace(value.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
                to--;
            }
            int size = to - from;
            if (size > 0 && !isToken(value, from, size, "close") && !isToken(value, from, size, "keep-alive")) {
                length += size;
                tokens++;
            }
            at = comma + 1;
        }
        return tokens == 0 ? 0 : length + 2 * (tokens - 1);
    }

    private static boolean isToken(CharSequence value, int from, int size, String token) {
        return size == token.length() && AsciiString.regionMatches(value, true, from, token, 0, size);
    }
}
