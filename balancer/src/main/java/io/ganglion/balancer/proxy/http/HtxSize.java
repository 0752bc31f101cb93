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
                int kept = connectionTokensLength(h.getValue().toString());
                size += kept == 0 ? 0 : name.length() + kept;
            } else {
                size += name.length() + h.getValue().length();
            }
        }
        return size;
    }

    /** The length of a {@code Connection} value without {@code close} and {@code keep-alive}, tokens joined by ", ". */
    private static int connectionTokensLength(String value) {
        int length = 0;
        int tokens = 0;
        for (String token : value.split(",")) {
            String t = token.strip();
            if (t.isEmpty() || t.equalsIgnoreCase("close") || t.equalsIgnoreCase("keep-alive")) {
                continue;
            }
            length += t.length();
            tokens++;
        }
        return tokens == 0 ? 0 : length + 2 * (tokens - 1);
    }
}
