package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** The header part of HAProxy's message size: names and values, {@code Connection} without close and keep-alive. */
class HtxSizeTest {
    @Test
    void aConnectionHeaderCountsOnlyTheTokensHaproxyKeeps() {
        assertThat(HtxSize.headers(headers("Host", "test"))).isEqualTo(8);
        assertThat(HtxSize.headers(headers("Connection", "close"))).isZero();
        assertThat(HtxSize.headers(headers("Connection", " Keep-Alive , CLOSE,"))).isZero();
        // "Upgrade": the name and the one kept token
        assertThat(HtxSize.headers(headers("Connection", "keep-alive, Upgrade"))).isEqualTo(10 + 7);
        // "foo, bar": two tokens joined by ", ", whatever the spaces around them were
        assertThat(HtxSize.headers(headers("connection", " foo ,close,  bar "))).isEqualTo(10 + 8);
    }

    private static HttpHeaders headers(String name, String value) {
        return DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders().add(name, value);
    }
}
