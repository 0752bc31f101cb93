package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The exporter's 200, framed as HAProxy 2.6 frames it: {@code cache-control: no-cache},
 * {@code content-type: text/plain; version=0.0.4}, the body chunked (HAProxy streams it; Netty's
 * encoder writes this body as one chunk and the last one); the connection is kept.
 */
final class MetricsAnswer implements LocalAnswer {
    private final PiecewiseBody body;

    MetricsAnswer(PiecewiseBody body) {
        this.body = body;
    }

    @Override
    public int status() {
        return 200;
    }

    @Override
    public boolean keepsConnection() {
        return true;
    }

    @Override
    public FullHttpResponse response(boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                body.wrapped());
        r.headers().set("cache-control", "no-cache").set("content-type", MetricsText.CONTENT_TYPE)
                .set("transfer-encoding", "chunked");
        if (!keepAlive) {
            r.headers().set("connection", "close");
        }
        return r;
    }

}
