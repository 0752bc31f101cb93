package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a graceful stop asks the decoder: has a request begun to arrive since the last one ended? */
class RequestBegunTest {
    private final ClientRequestDecoder decoder = new ClientRequestDecoder(new HttpDecoderConfig());
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    private void receive(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
        Object decoded;
        while ((decoded = channel.readInbound()) != null) {
            ReferenceCountUtil.release(decoded);
        }
    }

    @Test
    void aPieceOfARequestLineCountsAsARequestBegun() {
        assertThat(decoder.requestBegun()).isFalse();
        receive("GE");
        assertThat(decoder.requestBegun()).as("two bytes, no whole line yet").isTrue();
        receive("T / HTTP/1.1\r\nHost: a\r\n");
        assertThat(decoder.requestBegun()).as("a request line and a header, no end of head").isTrue();
        receive("\r\n");
        assertThat(decoder.requestBegun()).as("a whole request without a body").isFalse();
    }

    @Test
    void aBodyKeepsTheRequestBegunUntilItsLastByte() {
        receive("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab");
        assertThat(decoder.requestBegun()).isTrue();
        receive("cd");
        assertThat(decoder.requestBegun()).isFalse();
    }

    @Test
    void theStartOfTheNextRequestReadWithTheEndOfThePreviousOneCounts() {
        receive("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HT");
        assertThat(decoder.requestBegun()).isTrue();
        receive("TP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(decoder.requestBegun()).as("two whole pipelined requests").isFalse();
    }
}
