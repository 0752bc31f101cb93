package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HAProxy 2.6's request-line rules on top of Netty's decoder (the live comparison: HttpFramingComparisonTest). */
class ClientRequestDecoderTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "GET /a http/1.1\r\nHost: x\r\n\r\n",
        "G@T /a HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.10\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1\r\nHost: x\r\n\r\n",
        "GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n",
        "\0GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
        " GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"})
    void refusedRequestLines(String bytes) {
        HttpRequest request = decodeFirst(bytes);
        assertThat(request.decoderResult().isFailure()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"HTTP/1.1, HTTP/1.1", "HTTP/1.0, HTTP/1.0", "HTTP/1.2, HTTP/1.1", "HTTP/2.0, HTTP/1.1", "HTTP/3.0, HTTP/1.1"})
    void versionsAboveOneDotOneAreForwardedAsOneDotOne(String sent, String forwarded) {
        HttpRequest request = decodeFirst("GET /a " + sent + "\r\nHost: x\r\n\r\n");
        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.protocolVersion()).isEqualTo(HttpVersion.valueOf(forwarded));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET|host|Content-Length|CONTENT-TYPE|X-Odd",
        "PURGE|Host|content-length|Content-type|user-agent"})
    void theWordsOfAHeadAreReadAsReceivedWhetherSharedOrCopied(String method, String n1, String n2, String n3, String n4) {
        EmbeddedChannel ch = new EmbeddedChannel(HttpSession.newRequestDecoder());
        ch.writeInbound(Unpooled.copiedBuffer(method + " /a HTTP/1.0\r\n" + n1 + ": x\r\n" + n2 + ": 0\r\n" + n3 + ": t/p\r\n"
                + n4 + ": 1\r\n\r\n", StandardCharsets.ISO_8859_1));
        HttpRequest request = ch.readInbound();

        assertThat(request.method().name()).isEqualTo(method);
        assertThat(request.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(request.headers().entries().toString()).isEqualTo("[" + n1 + "=x, " + n2 + "=0, " + n3 + "=t/p, " + n4 + "=1]");
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n", "GET /a HTTP/1.1\r\nHost: x\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"})
    void emptyLinesMayComeBeforeARequest(String bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientRequestDecoder(new HttpDecoderConfig()));
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        int requests = 0;
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof HttpRequest r) {
                assertThat(r.decoderResult().isSuccess()).isTrue();
                requests++;
            }
            assertThat(o instanceof HttpRequest || o instanceof LastHttpContent).isTrue();
            ReferenceCountUtil.release(o);
        }
        assertThat(requests).isEqualTo(bytes.split("GET ").length - 1);
        ch.finishAndReleaseAll();
    }

    private static HttpRequest decodeFirst(String bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientRequestDecoder(new HttpDecoderConfig()));
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        HttpRequest first = ch.readInbound();
        ch.finishAndReleaseAll();
        return first;
    }
}
