package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The answers of {@code return} and {@code redirect}, framed as HAProxy 2.6's HTTP/1 multiplexer
 * writes them (lower-case names, in its order); both keep the client connection.
 */
final class RuleAnswers {
    private RuleAnswers() {
    }

    /** {@code return}: the status, {@code content-length}, then {@code content-type} when there is a body. */
    record Returned(int status, String contentType, byte[] body) implements LocalAnswer {
        @Override
        public boolean keepsConnection() {
            return true;
        }

        @Override
        public FullHttpResponse response(boolean keepAlive) {
            FullHttpResponse r = framed(status, body);
            if (contentType != null) {
                r.headers().set("content-type", contentType);
            }
            return closing(r, keepAlive);
        }
    }

    /**
     * {@code redirect}: an empty body, {@code location}, and {@code cache-control: no-cache} for the
     * temporary codes (HAProxy 2.6 leaves it out of a 301 and a 308, which caches may keep).
     */
    record Redirected(int status, String location) implements LocalAnswer {
        @Override
        public boolean keepsConnection() {
            return true;
        }

        @Override
        public FullHttpResponse response(boolean keepAlive) {
            FullHttpResponse r = framed(status, new byte[0]);
            r.headers().set("location", location);
            if (status != 301 && status != 308) {
                r.headers().set("cache-control", "no-cache");
            }
            return closing(r, keepAlive);
        }
    }

    /** The status line, the body and its {@code content-length}, the first header HAProxy writes. */
    private static FullHttpResponse framed(int status, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        r.headers().set("content-length", body.length);
        return r;
    }

    /** {@code connection: close} last, when the connection ends after the answer. */
    private static FullHttpResponse closing(FullHttpResponse r, boolean keepAlive) {
        if (!keepAlive) {
            r.headers().set("connection", "close");
        }
        return r;
    }
}
