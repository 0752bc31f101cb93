package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.ganglion.balancer.proxy.stream.UncachedOk;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The page's answers, with HAProxy 2.6's headers in its order: the page itself, the admin form's
 * 303 and the 401 asking for credentials. All keep the client connection, as HAProxy does.
 */
final class PageAnswers {
    private PageAnswers() {
    }

    /**
     * The page, its CSV or its JSON: {@code cache-control: no-cache}, the type, {@code refresh}
     * when the page refreshes. HAProxy sends it chunked; Ganglion, made whole, with its length.
     *
     * @param refreshSeconds 0 for no {@code refresh} header
     */
    static LocalAnswer page(String contentType, int refreshSeconds, byte[] body) {
        List<Map.Entry<String, Object>> headers = new ArrayList<>();
        if (refreshSeconds > 0) {
            headers.add(Map.entry("refresh", refreshSeconds));
        }
        headers.add(Map.entry("content-length", body.length));
        return new UncachedOk(contentType, headers, () -> Unpooled.wrappedBuffer(body));
    }

    /** The admin form's answer: {@code 303 See Other} to the page with the outcome in {@code ;st=}. */
    record SeeOther(String location) implements LocalAnswer {
        @Override
        public int status() {
            return 303;
        }

        @Override
        public boolean keepsConnection() {
            return true;
        }

        @Override
        public FullHttpResponse response(boolean keepAlive) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SEE_OTHER,
                    Unpooled.EMPTY_BUFFER);
            r.headers().set("cache-control", "no-cache").set("content-type", "text/plain").set("content-length", 0)
                    .set("location", location);
            return closing(r, keepAlive);
        }
    }

    /** HAProxy's 401 page with {@code www-authenticate: Basic realm="REALM"} after its headers. */
    record Unauthorized(String realm) implements LocalAnswer {
        @Override
        public int status() {
            return 401;
        }

        @Override
        public boolean keepsConnection() {
            return ErrorPages.page(401).keepsConnection();
        }

        @Override
        public FullHttpResponse response(boolean keepAlive) {
            FullHttpResponse r = ErrorPages.page(401).response(keepAlive);
            String close = r.headers().get("connection");
            r.headers().remove("connection");
            r.headers().set("www-authenticate", "Basic realm=\"" + realm + "\"");
            if (close != null) {
                r.headers().set("connection", close);
            }
            return r;
        }
    }

    private static FullHttpResponse closing(FullHttpResponse r, boolean keepAlive) {
        if (!keepAlive) {
            r.headers().set("connection", "close");
        }
        return r;
    }
}
