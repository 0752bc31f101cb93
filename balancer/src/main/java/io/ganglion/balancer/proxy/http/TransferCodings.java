package io.ganglion.balancer.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * HAProxy 2.6's rule on the {@code Transfer-Encoding} of a request (RFC 9112 6.1): the body of a
 * request with one is chunked, so {@code chunked} must be its last coding, and only once; other
 * codings before it are understood but not supported (422). Netty reads any list that contains
 * {@code chunked} as chunked, and would forward {@code chunked, gzip} or {@code identity}.
 */
final class TransferCodings {
    /** The request is acceptable as far as its codings go. */
    static final int ACCEPTABLE = 0;

    private TransferCodings() {
    }

    /** {@link #ACCEPTABLE}, or the status of the refusal: 400 (framing unknown) or 422 (a coding before chunked). */
    static int refusal(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return ACCEPTABLE;
        }
        int chunked = 0;
        int others = 0;
        boolean chunkedLast = false;
        for (String line : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : line.split(",")) {
                String c = coding.strip();
                if (c.isEmpty()) {
                    continue; // an empty list element, allowed by the list syntax
                }
                chunkedLast = c.equalsIgnoreCase("chunked");
                if (chunkedLast) {
                    chunked++;
                } else {
                    others++;
                }
            }
        }
        if (chunked != 1 || !chunkedLast) {
            return 400;
        }
        return others > 0 ? 422 : ACCEPTABLE;
    }
}
