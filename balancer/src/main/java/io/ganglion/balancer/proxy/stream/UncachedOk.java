package io.ganglion.balancer.proxy.stream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A 200 the balancer makes from its own state (the statistics page, its CSV and JSON, the
 * Prometheus exporter's {@code /metrics}), as HAProxy 2.6 heads them: {@code cache-control: no-cache}
 * (the next one differs), the type, then the answer's own headers in their order, and
 * {@code connection: close} last when the client connection ends; the connection is kept otherwise.
 *
 * @param contentType the {@code content-type}
 * @param headers     the answer's own headers after the type (its framing, {@code refresh}), in order
 * @param body        a fresh body for each response: a written one is consumed
 */
public record UncachedOk(String contentType, List<Map.Entry<String, Object>> headers, Supplier<ByteBuf> body)
        implements LocalAnswer {

    public UncachedOk {
        headers = List.copyOf(headers);
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
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body.get());
        r.headers().set("cache-control", "no-cache").set("content-type", contentType);
        for (Map.Entry<String, Object> header : headers) {
            r.headers().set(header.getKey(), header.getValue());
        }
        if (!keepAlive) {
            r.headers().set("connection", "close");
        }
        return r;
    }
}
