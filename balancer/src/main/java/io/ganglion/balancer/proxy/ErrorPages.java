package io.ganglion.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answers the balancer makes itself, worded and framed as HAProxy 2.6's built-in error pages,
 * so that clients and monitoring that match on them keep working. They always close the connection
 * (even the 422, whose page does not say so, as HAProxy's does not).
 */
public final class ErrorPages {
    /** {@code connectionClose}: HAProxy's page says {@code Connection: close} (its 422 does not). */
    private record Page(String reason, String text, boolean connectionClose) {
        Page(String reason, String text) {
            this(reason, text, true);
        }
    }

    private static final Map<Integer, Page> PAGES = Map.of(
            400, new Page("Bad request", "Your browser sent an invalid request."),
            403, new Page("Forbidden", "Request forbidden by administrative rules."),
            408, new Page("Request Time-out", "Your browser didn't send a complete request in time."),
            422, new Page("Unprocessable Content", "The server cannot process the contained instructions.", false),
            500, new Page("Internal Server Error", "An internal server error occurred."),
            502, new Page("Bad Gateway", "The server returned an invalid or incomplete response."),
            503, new Page("Service Unavailable", "No server is available to handle this request."),
            504, new Page("Gateway Time-out", "The server didn't respond in time."));

    private ErrorPages() {
    }

    /** A fresh response (its buffer is consumed when written). */
    public static FullHttpResponse response(int status) {
        Page page = PAGES.get(status);
        if (page == null) {
            throw new IllegalArgumentException("no built-in page for " + status);
        }
        String body = "<html><body><h1>" + status + " " + page.reason() + "</h1>\n" + page.text() + "\n</body></html>\n";
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(status, page.reason()), content);
        r.headers().set("Content-length", content.readableBytes());
        r.headers().set("Cache-Control", "no-cache");
        if (page.connectionClose()) {
            r.headers().set("Connection", "close");
        }
        r.headers().set("Content-Type", "text/html");
        return r;
    }
}
