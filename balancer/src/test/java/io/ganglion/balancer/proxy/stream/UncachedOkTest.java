package io.ganglion.balancer.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stats page's and the exporter's 200: HAProxy's header order, a fresh body each time. */
class UncachedOkTest {
    private final UncachedOk answer = new UncachedOk("text/plain", List.of(Map.entry("refresh", 5), Map.entry("content-length", 2)),
            () -> Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));

    @Test
    void headsTheAnswerAsHaproxyAndKeepsTheConnection() {
        FullHttpResponse kept = answer.response(true);
        assertThat(kept.status().code()).isEqualTo(200);
        assertThat(kept.headers().names()).containsExactly("cache-control", "content-type", "refresh", "content-length");
        assertThat(kept.headers().get("cache-control")).isEqualTo("no-cache");
        assertThat(answer.keepsConnection()).isTrue();
        kept.release();
    }

    @Test
    void saysCloseLastWhenTheClientConnectionEnds() {
        FullHttpResponse closing = answer.response(false);
        assertThat(closing.headers().names()).containsExactly("cache-control", "content-type", "refresh", "content-length",
                "connection");
        assertThat(closing.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
        closing.release();
    }
}
