package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plain-head fast path of both decoders gives, for every head, what Netty's decoder gives for
 * it (message by message: words, fields in order, body parts, refusals), whether the head is
 * taken by the fast path or left to Netty; and it takes only complete heads in the plain form.
 * (HAProxy's own rules on top are ClientRequestDecoderTest's, ServerHttpCodecTest's and the live
 * comparison tests'.)
 */
class PlainHeadTest {
    private static final String BODY_99 = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    private static final HttpDecoderConfig LIMITS = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(16 * 1024)
            .setHeadersFactory(CompactHeaders.HEADERS)
            .setTrailersFactory(CompactHeaders.TRAILERS);

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: probe\r\nUser-Agent: probe\r\nAccept: */*\r\n\r\n",
        "GET /a?b=c&d=%20 HTTP/1.0\r\nhost: x\r\n\r\n",
        "HEAD /x HTTP/1.1\r\n\r\n",
        "DELETE /x HTTP/1.1\r\nX-Empty:\r\nX-Spaces: \t a b \t \r\nX-Tight:v\r\n\r\n",
        "GET /x HTTP/1.1\r\nCookie: a=1; b=2\r\nCookie: c=3\r\nHost: x\r\n\r\n",
        "GET http://x/y HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\n\r\nHEAD /c HTTP/1.0\r\n\r\n",
        // not plain: Netty's decoder takes them, and gives what it always gave
        "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET / HTTP/1.1\r\nHost: y\r\n\r\n",
        "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n",
        "GET /x HTTP/1.1\r\nX-Folded: a\r\n b\r\nHost: x\r\n\r\n",
        "GET /x HTTP/1.1\nHost: x\n\n",
        "GET /x HTTP/1.1\r\nX-High: \u00e9t\u00e9\r\n\r\n",
        "GET /x HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET /x HTTP/1.1\r\nHo st: x\r\n\r\n",
        "GET  /x HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /x HTTP/1.1\r\nX-Ctl: a\u0001b\r\n\r\n",
        "GET /x\u007f HTTP/1.1\r\nHost: x\r\n\r\n"})
    void requestsAreWhatNettysDecoderGives(String bytes) {
        assertThat(decoded(new ClientRequestDecoder(LIMITS), bytes)).isEqualTo(decoded(new HttpRequestDecoder(LIMITS), bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\ncontent-length: 99\r\ncontent-type: text/plain\r\n\r\n" + BODY_99,
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.0 404 Not Found\r\nContent-Length: 2\r\nX-A:  b c \r\n\r\nno",
        "\r\nHTTP/1.1 204 No Content\r\nDate: x\r\n\r\nHTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n",
        "HTTP/1.1 200 Fine And Dandy\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
        // not plain: Netty's decoder takes them, and gives what it always gave
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\n\r\nuntil the end",
        "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200  OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok"})
    void responsesAreWhatNettysDecoderGives(String bytes) {
        ServerResponseDecoder ours = new ServerResponseDecoder(LIMITS);
        for (int i = 0; i < 3; i++) {
            ours.requestSent(HttpMethod.GET);
        }
        assertThat(decoded(ours, bytes)).isEqualTo(decoded(new HttpResponseDecoder(LIMITS), bytes));
    }

    /**
     * Every byte in a field's name, and first, inside and last in its value: a head read whole (the
     * fast path, when plain) gives what the same decoder gives when its last byte comes in a read
     * of its own (Netty's state machine with HAProxy's checks, which refuse more than Netty's
     * decoder alone). The fields the fast path takes are added to the headers without running the
     * validators again, so it must take none that they refuse.
     */
    @org.junit.jupiter.api.Test
    void everyByteInAFieldIsWhatTheSlowPathGives() {
        for (int c = 0; c < 256; c++) {
            String x = String.valueOf((char) c);
            for (String field : List.of("N" + x + "n: v", "N: " + x + "v", "N: v" + x + "v", "N: v" + x)) {
                String request = "GET / HTTP/1.1\r\n" + field + "\r\nHost: h\r\n\r\n";
                assertThat(decoded(new ClientRequestDecoder(LIMITS), request)).as("byte %d: %s", c, field)
                        .isEqualTo(decoded(new ClientRequestDecoder(LIMITS), request, request.length() - 1));
                String head = "HTTP/1.1 200 OK\r\n" + field + "\r\nContent-Length: 2\r\n\r\n";
                assertThat(decoded(responseDecoder(), head + "ok")).as("byte %d: %s", c, field)
                        .isEqualTo(decoded(responseDecoder(), head + "ok", head.length() - 1));
            }
        }
    }

    private static ServerResponseDecoder responseDecoder() {
        ServerResponseDecoder decoder = new ServerResponseDecoder(LIMITS);
        decoder.requestSent(HttpMethod.GET);
        return decoder;
    }

    @org.junit.jupiter.api.Test
    void theResponseToAHeadRequestTakesNoBodyFromTheBytesThatFollow() {
        ServerResponseDecoder ours = new ServerResponseDecoder(LIMITS);
        ours.requestSent(HttpMethod.HEAD);
        ours.requestSent(HttpMethod.GET);

        assertThat(decoded(ours, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
                .containsExactly("ok HTTP/1.1 200 OK [Content-Length=2]", " end", "ok HTTP/1.1 200 OK [Content-Length=2]", " body ok end");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: probe\r\nUser-Agent: probe\r\nAccept: */*\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\nX-Empty:\r\n\r\nGET /next"})
    void takesACompletePlainHead(String bytes) {
        assertThat(new PlainHead().readRequest(ascii(bytes), 16 * 1024)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: probe\r\n",
        "GET / HTTP/1.1\r\nHost: probe\r\n\r",
        "POST / HTTP/1.1\r\ncontent-LENGTH: 0\r\n\r\n",
        "POST / HTTP/1.1\r\nTRANSFER-encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\n: a\r\n\r\n",
        "GET / HTTP/1.1 \r\n\r\n",
        "GET /\tx HTTP/1.1\r\n\r\n"})
    void leavesAnyOtherToNettysDecoder(String bytes) {
        assertThat(new PlainHead().readRequest(ascii(bytes), 16 * 1024)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void leavesAHeadLongerThanTheLimitsToNettysDecoder() {
        String head = "GET / HTTP/1.1\r\nX: " + "a".repeat(100) + "\r\n\r\n";

        assertThat(new PlainHead().readRequest(ascii(head), head.length())).isTrue();
        assertThat(new PlainHead().readRequest(ascii(head), head.length() - 1)).isFalse();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** Each message decoded from {@code bytes}, given one byte-exact read, as a line of text. */
    private static List<String> decoded(io.netty.channel.ChannelHandler decoder, String bytes) {
        return decoded(decoder, bytes, bytes.length());
    }

    /** As above, the bytes from {@code split} on in a second read. */
    private static List<String> decoded(io.netty.channel.ChannelHandler decoder, String bytes, int split) {
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(ascii(bytes.substring(0, split)));
        if (split < bytes.length()) {
            ch.writeInbound(ascii(bytes.substring(split)));
        }
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            StringBuilder line = new StringBuilder();
            if (o instanceof HttpResponse r) {
                line.append(r.decoderResult().isSuccess() ? "ok " : "refused ")
                        .append(r.protocolVersion()).append(' ').append(r.status());
                for (Map.Entry<String, String> field : r.headers()) {
                    line.append(" [").append(field.getKey()).append('=').append(field.getValue()).append(']');
                }
            }
            if (o instanceof HttpRequest r) {
                line.append(r.decoderResult().isSuccess() ? "ok " : "refused ")
                        .append(r.method()).append(' ').append(r.uri()).append(' ').append(r.protocolVersion());
                for (Map.Entry<String, String> field : r.headers()) {
                    line.append(" [").append(field.getKey()).append('=').append(field.getValue()).append(']');
                }
            }
            if (o instanceof HttpContent c && (c.content().isReadable() || c.decoderResult().isFailure())) {
                line.append(c.decoderResult().isSuccess() ? " body " : " refused body ")
                        .append(c.content().toString(StandardCharsets.ISO_8859_1));
            }
            if (o instanceof LastHttpContent) {
                line.append(" end");
            }
            out.add(line.toString());
            ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }
}
