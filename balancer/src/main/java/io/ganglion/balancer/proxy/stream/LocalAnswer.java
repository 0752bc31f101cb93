package io.ganglion.balancer.proxy.stream;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * A response the balancer makes itself, inside the stream: an error page today; {@code deny},
 * {@code return}, redirects, the stats page and {@code /metrics} next.
 */
public interface LocalAnswer {
    int status();

    /**
     * Whether the client connection may carry its next request after this answer, as HAProxy 2.6
     * decides for the same answer (a 400 or a 408 closes it: the client's bytes can no longer be
     * trusted to frame a next request).
     */
    boolean keepsConnection();

    /**
     * A fresh response (its buffer is consumed when written).
     *
     * @param keepAlive whether the client connection stays open after it
     */
    FullHttpResponse response(boolean keepAlive);
}
