package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the server connection's codec keeps of Netty's HttpClientCodec, which it replaces: a HEAD's
 * response has no body, an interim response is followed by the final one; and its check of the
 * bytes before a status line applies to each response, the final one after an interim one too.
 * (The refusals themselves are compared with HAProxy live: HttpFramingComparisonTest.)
 */
class ServerHttpCodecTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(ServerHttpCodec.handlers(new HttpDecoderConfig()));

    @Test
    void theResponseToAHeadHasNoBodyAndTheNextResponseFollows() {
        send(HttpMethod.HEAD);
        send(HttpMethod.GET);

        List<String> read = receive("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

        assertThat(read).containsExactly("200", "end", "200", "ok", "end");
    }

    @Test
    void aFinalResponseAfterAnInterimOneIsCheckedFromItsFirstByte() {
        send(HttpMethod.POST);

        assertThat(receive("HTTP/1.1 100 Continue\r\n\r\n")).containsExactly("100", "end");
        assertThat(receive(" HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")).containsExactly("refused");
    }

    @Test
    void emptyLinesBeforeAStatusLineAreSkipped() {
        send(HttpMethod.GET);

        assertThat(receive("\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")).containsExactly("204", "end");
    }

    private void send(HttpMethod method) {
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    /** What the codec made of these bytes: statuses, bodies, "end" for each message's end, "refused". */
    private List<String> receive(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        List<String> read = new ArrayList<>();
        HttpObject o;
        while ((o = channel.readInbound()) != null) {
            if (o instanceof HttpResponse r) {
                read.add(r.decoderResult().isFailure() ? "refused" : Integer.toString(r.status().code()));
            }
            if (o instanceof HttpContent c && c.content().isReadable()) {
                read.add(c.content().toString(StandardCharsets.ISO_8859_1));
            }
            if (o instanceof LastHttpContent && !(o instanceof HttpResponse)) {
                read.add("end");
            }
            ReferenceCountUtil.release(o);
        }
        return read;
    }
}
