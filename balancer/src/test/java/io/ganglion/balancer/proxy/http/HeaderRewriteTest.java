package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class HeaderRewriteTest {
    @Test
    void hopByHopHeadersAndTheHeadersConnectionNamesStayOnTheirHop() {
        HttpRequest r = request();
        r.headers().add("Connection", "keep-alive, X-Secret").add("Connection", "Upgrade")
                .add("X-Secret", "1").add("Upgrade", "websocket").add("Keep-Alive", "timeout=5")
                .add("Proxy-Connection", "keep-alive").add("Accept", "*/*");
        HeaderRewrite.forServer(r, null);
        assertThat(r.headers().names()).containsExactlyInAnyOrder("Host", "Accept");
    }

    @Test
    void framingHeadersStayWhateverConnectionNames() {
        HttpRequest r = request();
        r.headers().add("Connection", "content-length, Transfer-Encoding, X-Secret").add("Content-Length", "5")
                .add("Transfer-Encoding", "chunked").add("X-Secret", "1");
        HeaderRewrite.forServer(r, null);
        assertThat(r.headers().names()).containsExactlyInAnyOrder("Host", "Content-Length", "Transfer-Encoding");
    }

    @Test
    void aConnectionOptionAloneRemovesOnlyTheConnectionHeader() {
        HttpRequest r = request();
        r.headers().add("Connection", "Close").add("close", "a header named like the option");
        HeaderRewrite.forServer(r, null);
        assertThat(r.headers().names()).containsExactlyInAnyOrder("Host", "close");
    }

    @Test
    void expectIsAnsweredHereAndTheClientIsNamedWhenAsked() {
        HttpRequest r = request();
        r.headers().add("Expect", "100-continue");
        HeaderRewrite.forServer(r, "10.0.0.7");
        assertThat(r.headers().names()).containsExactlyInAnyOrder("Host", "X-Forwarded-For");
        assertThat(r.headers().get("X-Forwarded-For")).isEqualTo("10.0.0.7");
    }

    private static HttpRequest request() {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        r.headers().add("Host", "example.com");
        return r;
    }
}
