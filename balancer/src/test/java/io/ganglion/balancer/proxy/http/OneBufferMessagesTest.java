package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both HTTP/1 encoders write a head and the small body that ends it as one buffer, which the
 * socket sends in one write(2) (HAProxy emits a message into one output buffer too); what else
 * they write is Netty's encoding, byte for byte and in order. The outbound messages are counted
 * where the encoder hands them to the transport: each one is an entry the socket writes.
 */
class OneBufferMessagesTest {
    private static final String BODY = "x".repeat(99);

    @Test
    void aResponseHeadAndItsSmallBodyAreOneBuffer() {
        EmbeddedChannel client = new EmbeddedChannel(new ProxyResponseEncoder());

        client.write(response(200, "Content-Length", "99"), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii(BODY)), client.voidPromise());
        client.flush();

        assertThat(written(client)).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n" + BODY);
    }

    @Test
    void aHeadLongerThanTheLastOneStillHasItsBodyBesideIt() {
        EmbeddedChannel client = new EmbeddedChannel(new ProxyResponseEncoder());

        client.write(response(200, "Content-Length", "2"), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii("ok")), client.voidPromise());
        client.write(response(200, "Content-Length", "99", "X-Long", "y".repeat(20)), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii(BODY)), client.voidPromise());
        client.flush();

        assertThat(written(client)).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nX-Long: " + "y".repeat(20) + "\r\n\r\n" + BODY);
    }

    @Test
    void aRequestWithoutBodyIsOneBufferWithoutAnEmptyOneForItsEnd() {
        EmbeddedChannel server = new EmbeddedChannel(ServerHttpCodec.handlers(new HttpDecoderConfig()));

        DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a?b");
        request.headers().set(HttpHeaderNames.HOST, "probe");
        server.write(request, server.voidPromise());
        server.write(LastHttpContent.EMPTY_LAST_CONTENT, server.voidPromise());
        server.flush();

        assertThat(writtenWithEmpty(server)).containsExactly("GET /a?b HTTP/1.1\r\nhost: probe\r\n\r\n");
    }

    @Test
    void aHeadFlushedBeforeItsBodyLeavesFirstAndTheBodyFollowsAsNettyWritesIt() {
        EmbeddedChannel client = new EmbeddedChannel(new ProxyResponseEncoder());

        client.write(response(200, "Content-Length", "5"), client.voidPromise());
        client.flush();
        List<String> head = written(client);
        client.write(new DefaultHttpContent(ascii("ab")), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii("cde")), client.voidPromise());
        client.flush();

        assertThat(head).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
        assertThat(written(client)).containsExactly("ab", "cde");
    }

    @Test
    void aChunkedBodyStaysWithNettysEncodingAndTheNextMessageIsOneBufferAgain() {
        EmbeddedChannel client = new EmbeddedChannel(new ProxyResponseEncoder());

        client.write(response(200, "Transfer-Encoding", "chunked"), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii("abc")), client.voidPromise());
        client.write(response(200, "Content-Length", "2"), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii("ok")), client.voidPromise());
        client.flush();

        assertThat(String.join("", written(client))).isEqualTo(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(written(client)).isEmpty();
    }

    @Test
    void aLargeBodyIsNotCopiedBesideItsHead() {
        EmbeddedChannel client = new EmbeddedChannel(new ProxyResponseEncoder());
        String large = "y".repeat(4097); // above the limit for a copy

        client.write(response(200, "Content-Length", Integer.toString(large.length())), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii(large)), client.voidPromise());
        client.flush();

        assertThat(written(client)).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 4097\r\n\r\n", large);
    }

    @Test
    void theResponseToAHeadRequestKeepsNoBodyInItsOneBuffer() {
        ProxyResponseEncoder encoder = new ProxyResponseEncoder();
        EmbeddedChannel client = new EmbeddedChannel(encoder);

        encoder.answeringHead(true);
        client.write(response(200, "Content-Length", "99"), client.voidPromise());
        client.write(LastHttpContent.EMPTY_LAST_CONTENT, client.voidPromise());
        client.flush();

        assertThat(written(client)).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n");
    }

    @Test
    void aWriteAfterAHeldHeadKeepsTheOrderWritten() {
        EmbeddedChannel client = new EmbeddedChannel(new ProxyResponseEncoder());

        client.write(response(204), client.voidPromise());
        client.write(Unpooled.EMPTY_BUFFER, client.voidPromise());
        client.write(LastHttpContent.EMPTY_LAST_CONTENT, client.voidPromise());
        client.flush();

        assertThat(String.join("", written(client))).isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
    }

    private static DefaultHttpResponse response(int status, String... header) {
        DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        for (int i = 0; i < header.length; i += 2) {
            r.headers().add(header[i], header[i + 1]);
        }
        return r;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** The non-empty buffers the encoder handed to the transport since the last call, one string each. */
    private static List<String> written(EmbeddedChannel channel) {
        List<String> out = writtenWithEmpty(channel);
        out.removeIf(String::isEmpty);
        return out;
    }

    /** Every buffer the encoder handed to the transport since the last call, empty ones too. */
    private static List<String> writtenWithEmpty(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            out.add(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out;
    }
}
