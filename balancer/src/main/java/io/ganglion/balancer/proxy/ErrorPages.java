package io.ganglion.balancer.proxy;

import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answers the balancer makes itself, worded and framed as HAProxy 2.6's built-in error pages,
 * so that clients and monitoring that match on them keep working.
 *
 * <p>Two framings, as HAProxy 2.6 writes them (measured): a page after which the client connection
 * may go on (502, 503, 504 after a server failure) goes through its HTTP/1 multiplexer, which
 * writes the header names in lower case and says {@code connection: close} only when the
 * connection does close; a 400 or a 408 is written raw, with {@code Connection: close}, and the
 * connection closes (the 422 too, whose page does not say so, as HAProxy's does not).
 */
public final class ErrorPages {
    /** {@code connectionClose}: HAProxy's page says {@code Connection: close} (its 422 does not). */
    private record Page(String reason, String text, boolean connectionClose, boolean keepsConnection) {
        Page(String reason, String text) {
            this(reason, text, true, false);
        }

        Page keeping() {
            return new Page(reason, text, connectionClose, true);
        }
    }

    private static final Map<Integer, Page> PAGES = Map.ofEntries(
            Map.entry(200, new Page("OK", "Service ready.").keeping()),
            Map.entry(400, new Page("Bad request", "Your browser sent an invalid request.")),
            Map.entry(401, new Page("Unauthorized", "You need a valid user and password to access this content.").keeping()),
            Map.entry(403, new Page("Forbidden", "Request forbidden by administrative rules.")),
            Map.entry(404, new Page("Not Found", "The resource could not be found.").keeping()),
            Map.entry(407, new Page("Unauthorized", "You need a valid user and password to access this content.").keeping()),
            Map.entry(408, new Page("Request Time-out", "Your browser didn't send a complete request in time.")),
            Map.entry(410, new Page("Gone", "The resource is no longer available and will not be available again.").keeping()),
            Map.entry(422, new Page("Unprocessable Content", "The server cannot process the contained instructions.", false, false)),
            Map.entry(429, new Page("Too Many Requests", "You have sent too many requests in a given amount of time.").keeping()),
            Map.entry(500, new Page("Internal Server Error", "An internal server error occurred.")),
            // the leading dot is HAProxy 2.6's own
            Map.entry(501, new Page("Not Implemented", ".The server does not support the functionality required to fulfill the request.").keeping()),
            Map.entry(502, new Page("Bad Gateway", "The server returned an invalid or incomplete response.").keeping()),
            Map.entry(503, new Page("Service Unavailable", "No server is available to handle this request.").keeping()),
            Map.entry(504, new Page("Gateway Time-out", "The server didn't respond in time.").keeping()));

    /** The statuses {@code deny_status} accepts, as HAProxy 2.6 (405, 413 and 425 answer its 503 page: it has none of theirs). */
    private static final java.util.Set<Integer> RULE_STATUSES = java.util.Set.of(200, 400, 401, 403, 404, 405, 407, 408,
            410, 413, 425, 429, 500, 501, 502, 503, 504);

    private ErrorPages() {
    }

    /** One built-in page as an answer of the stream; immutable, so made once per status. */
    private record PageAnswer(int status, Page page) implements LocalAnswer {
        @Override
        public boolean keepsConnection() {
            return page.keepsConnection();
        }

        @Override
        public FullHttpResponse response(boolean keepAlive) {
            return page.keepsConnection() ? multiplexed(status, page, keepAlive) : ErrorPages.response(status);
        }
    }

    private static final Map<Integer, LocalAnswer> ANSWERS = PAGES.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> new PageAnswer(e.getKey(), e.getValue())));

    /** A page answered by a rule ({@code deny}): through the multiplexer, the connection kept but after a 400 or a 408. */
    private record RuleAnswer(int status, Page page, boolean keepsConnection) implements LocalAnswer {
        @Override
        public FullHttpResponse response(boolean keepAlive) {
            return multiplexed(status, page, keepAlive);
        }
    }

    /** Whether {@code deny_status} takes {@code status}. */
    public static boolean ruleStatus(int status) {
        return RULE_STATUSES.contains(status);
    }

    /** The page a {@code deny [deny_status N]} rule answers, as HAProxy 2.6 writes it. */
    public static LocalAnswer ruleAnswer(int status) {
        Page page = PAGES.get(status);
        if (page == null || status == 422) {
            return ruleAnswer(503);
        }
        return new RuleAnswer(status, page, status != 400 && status != 408);
    }

    /** The page of {@code status} as an answer of the stream. */
    public static LocalAnswer page(int status) {
        LocalAnswer answer = ANSWERS.get(status);
        if (answer == null) {
            throw new IllegalArgumentException("no built-in page for " + status);
        }
        return answer;
    }

    /** A fresh response, written raw and closing the connection (its buffer is consumed when written). */
    public static FullHttpResponse response(int status) {
        Page page = pageOf(status);
        FullHttpResponse r = bare(status, page);
        r.headers().set("Content-length", r.content().readableBytes());
        r.headers().set("Cache-Control", "no-cache");
        if (page.connectionClose()) {
            r.headers().set("Connection", "close");
        }
        r.headers().set("Content-Type", "text/html");
        return r;
    }

    /** The page as HAProxy's HTTP/1 multiplexer writes it. */
    private static FullHttpResponse multiplexed(int status, Page page, boolean keepAlive) {
        FullHttpResponse r = bare(status, page);
        r.headers().set("content-length", r.content().readableBytes());
        r.headers().set("cache-control", "no-cache");
        r.headers().set("content-type", "text/html");
        if (!keepAlive) {
            r.headers().set("connection", "close");
        }
        return r;
    }

    private static Page pageOf(int status) {
        Page page = PAGES.get(status);
        if (page == null) {
            throw new IllegalArgumentException("no built-in page for " + status);
        }
        return page;
    }

    private static FullHttpResponse bare(int status, Page page) {
        String body = "<html><body><h1>" + status + " " + page.reason() + "</h1>\n" + page.text() + "\n</body></html>\n";
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII);
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(status, page.reason()), content);
    }
}
