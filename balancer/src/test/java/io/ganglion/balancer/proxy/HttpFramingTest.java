package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.RunningBalancer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the balancer frames what it forwards: a request reaches a server exactly as the client framed
 * it, or not at all (issue 12). The server records what it received; the client reads until the
 * balancer closes (an idle kept-alive connection closes after 100 ms).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFramingTest {
    private RecordingHttpServer server;
    private RunningBalancer lb;

    @BeforeAll
    void start() throws Exception {
        server = new RecordingHttpServer()
                .cannedResponse("bad-chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        lb = RunningBalancer.start(FramingCases.config("${PORT}", server.port()));
    }

    @AfterAll
    void stop() {
        lb.close();
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Content-Length    | Content-Length: 35         | GET /smuggled HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n               | CL 35",
        "Transfer-Encoding | Transfer-Encoding: chunked | 23\\r\\nGET /smuggled HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n\\r\\n0\\r\\n\\r\\n | TE chunked"})
    void aConnectionHeaderNamingAFramingHeaderDoesNotUnframeTheBody(String named, String framing, String body, String forwarded)
            throws Exception {
        String answer = RawHttp.exchange("127.0.0.1", lb.port(), "POST /a HTTP/1.1\r\nHost: x\r\nConnection: " + named + "\r\n"
                + framing + "\r\n\r\n" + body.replace("\\r\\n", "\r\n"));

        assertThat(ClientAnswers.statuses(answer)).isEqualTo("200 ok");
        List<RecordingHttpServer.Received> received = server.settle(lb.port());
        assertThat(received).hasSize(1);
        assertThat(received.get(0).requestLine()).isEqualTo("POST /a HTTP/1.1");
        assertThat(received.get(0).framing()).isEqualTo(forwarded);
        assertThat(received.get(0).body()).isEqualTo("GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "10000000000000005", "FFFFFFFFFFFFFFFF"})
    void anInvalidChunkSizeIsRefusedAndNothingReachesTheServer(String size) throws Exception {
        // A first request leaves a kept-alive server connection in the pool: the refused request's
        // head would be written on it at once, before its body is read.
        RawHttp.exchange("127.0.0.1", lb.port(), "GET /warm HTTP/1.1\r\nHost: x\r\n\r\n");
        server.settle(lb.port());

        String answer = RawHttp.exchange("127.0.0.1", lb.port(), "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + size + "\r\nhello\r\n0\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(ClientAnswers.statuses(answer)).isEqualTo("400");
        assertThat(server.settle(lb.port())).isEmpty();
    }

    @Test
    void aCodingBeforeChunkedGetsHaproxysPage422AndNothingReachesTheServer() throws Exception {
        String answer = RawHttp.exchange("127.0.0.1", lb.port(), "POST /a HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        // HAProxy 2.6's bytes, Connection header left out as it leaves it out (the connection closes).
        assertThat(answer).isEqualTo("HTTP/1.1 422 Unprocessable Content\r\nContent-length: 116\r\nCache-Control: no-cache\r\n"
                + "Content-Type: text/html\r\n\r\n<html><body><h1>422 Unprocessable Content</h1>\n"
                + "The server cannot process the contained instructions.\n</body></html>\n");
        assertThat(server.settle(lb.port())).isEmpty();
    }

    @Test
    void anInvalidChunkSizeInAResponseGives502() throws Exception {
        String answer = RawHttp.exchange("127.0.0.1", lb.port(), "GET /respond/bad-chunk HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(ClientAnswers.statuses(answer)).isEqualTo("502");
        server.settle(lb.port());
    }

    @Test
    void anHttp2PrefaceIsRefusedAndNeverReachesAServer() throws Exception {
        String answer = RawHttp.exchange("127.0.0.1", lb.port(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

        assertThat(ClientAnswers.statuses(answer)).isEqualTo("400");
        assertThat(server.settle(lb.port())).isEmpty();
    }
}
