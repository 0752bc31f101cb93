package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The codecs count the wire's bytes themselves (the h1 counters' {@code h1_bytes_in/out}), where a
 * handler of its own counted them before: every byte read is counted before it is decoded, and
 * every byte written exactly once, on the one-buffer path and on Netty's encoder's path alike
 * (a chunked body, a large one). The totals are compared with what crossed the channel.
 */
class WireBytesCountTest {
    private final AtomicLong in = new AtomicLong();
    private final AtomicLong out = new AtomicLong();

    @Test
    void aClientConnectionCountsWhatItReadsAndWhatItWrites() {
        EmbeddedChannel client = new EmbeddedChannel(
                new ClientRequestDecoder(new HttpDecoderConfig(), (bytes, stop) -> { }, in::addAndGet),
                new ProxyResponseEncoder(out::addAndGet));
        String request = "GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";

        client.writeInbound(ascii(request.substring(0, 10)));
        client.writeInbound(ascii(request.substring(10)));
        releaseAll(client, true);
        client.write(response("Content-Length", "2"), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii("ok")), client.voidPromise());
        client.write(response("Transfer-Encoding", "chunked"), client.voidPromise());
        client.write(new DefaultHttpContent(ascii("part")), client.voidPromise());
        client.write(new DefaultLastHttpContent(ascii("x".repeat(OneBufferMessages.MAX_COPIED_BODY + 1))),
                client.voidPromise());
        client.flush();

        assertThat(in.get()).isEqualTo(request.length());
        assertThat(out.get()).isEqualTo(releaseAll(client, false)).isGreaterThan(OneBufferMessages.MAX_COPIED_BODY);
    }

    @Test
    void aServerConnectionCountsWhatItReadsAndWhatItWrites() {
        EmbeddedChannel server = new EmbeddedChannel(ServerHttpCodec.handlers(new HttpDecoderConfig(), in::addAndGet, out::addAndGet));
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

        server.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        server.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                ascii("y".repeat(OneBufferMessages.MAX_COPIED_BODY + 1))));
        long written = releaseAll(server, false);
        server.writeInbound(ascii(response.substring(0, 7)));
        server.writeInbound(ascii(response.substring(7) + response));
        releaseAll(server, true);

        assertThat(out.get()).isEqualTo(written).isGreaterThan(OneBufferMessages.MAX_COPIED_BODY);
        assertThat(in.get()).isEqualTo(2L * response.length());
    }

    private static DefaultHttpResponse response(String name, String value) {
        DefaultHttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(name, value);
        return r;
    }

    /** Releases what the channel passed on in one direction; the bytes of the buffers among it. */
    private static long releaseAll(EmbeddedChannel channel, boolean inbound) {
        long bytes = 0;
        Object o;
        while ((o = inbound ? channel.readInbound() : channel.readOutbound()) != null) {
            if (o instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            ReferenceCountUtil.release(o);
        }
        return bytes;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }
}
