package io.ganglion.balancer.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.stats.TrafficCounters;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The backend is a choice of each request, not of the connection: on one keep-alive client
 * connection, requests 1 and 3 go to backend {@code be_a} and request 2 to {@code be_b}, chosen by
 * a backend-choice action the test installs (the place {@code use_backend} will take). Each reaches
 * its backend's server, and the counters and access log lines are each backend's.
 */
class PerRequestBackendTest {

    @Test
    void oneKeepAliveConnectionUsesTwoBackends() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        // The access log writes to the System.out it finds when the balancer starts.
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try (TestHttpBackend a = new TestHttpBackend("sa"); TestHttpBackend b = new TestHttpBackend("sb");
                RunningBalancer lb = RunningBalancer.start(TwoBackends.config("http", a.port(), b.port()))) {
            System.setOut(stdout);
            Frontend fe = lb.balancer().frontend("fe").orElseThrow();
            Backend beA = lb.balancer().backend("be_a").orElseThrow();
            Backend beB = lb.balancer().backend("be_b").orElseThrow();
            fe.publishPhases(fe.phases().withBackendRule((Stream stream, HttpRequest request) -> {
                if (request.headers().contains("X-To-B")) {
                    stream.chooseBackend(beB);
                    return Verdict.DONE;
                }
                return Verdict.CONTINUE;
            }));

            List<String> bodies = new ArrayList<>();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), lb.port())) {
                client.setSoTimeout(10_000);
                for (String request : List.of("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /2 HTTP/1.1\r\nHost: x\r\nX-To-B: yes\r\n\r\n", "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n")) {
                    client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                    bodies.add(readResponseBody(client.getInputStream()));
                }
            }

            assertThat(bodies).containsExactly("sa", "sb", "sa");
            assertThat(a.requests()).isEqualTo(2);
            assertThat(b.requests()).isEqualTo(1);
            assertThat(fe.counters().connectionsTotal()).isEqualTo(1);
            assertThat(fe.counters().requests()).isEqualTo(3);
            assertCounted(beA.counters(), 2);
            assertCounted(beA.server("sa").orElseThrow().counters(), 2);
            assertCounted(beB.counters(), 1);
            assertCounted(beB.server("sb").orElseThrow().counters(), 1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logged.toString(StandardCharsets.UTF_8))
                    .containsPattern(" fe be_a/sa \\S+ 200 \\d+ - - ---- \\S+ \\S+ \"GET /1 HTTP/1.1\"")
                    .containsPattern(" fe be_b/sb \\S+ 200 \\d+ - - ---- \\S+ \\S+ \"GET /2 HTTP/1.1\"")
                    .containsPattern(" fe be_a/sa \\S+ 200 \\d+ - - ---- \\S+ \\S+ \"GET /3 HTTP/1.1\""));
        } finally {
            System.setOut(stdout);
        }
    }

    /**
     * An action of the request phase answers one request of a keep-alive connection itself (the
     * place of {@code http-request deny|return}); one of the response phase changes the server's
     * response (the place of {@code http-response set-header}). The connection goes on.
     */
    @Test
    void actionsAnswerLocallyAndChangeResponsesWithoutClosingTheConnection() throws Exception {
        try (TestHttpBackend a = new TestHttpBackend("sa"); TestHttpBackend b = new TestHttpBackend("sb");
                RunningBalancer lb = RunningBalancer.start(TwoBackends.config("http", a.port(), b.port()))) {
            Frontend fe = lb.balancer().frontend("fe").orElseThrow();
            fe.publishPhases(fe.phases().withRequestRule((Stream stream, HttpRequest request) -> {
                if (request.headers().contains("X-Refuse")) {
                    stream.answer(ErrorPages.page(503));
                    return Verdict.ANSWERED;
                }
                return Verdict.CONTINUE;
            }).withResponseRule((Stream stream, HttpResponse response) -> {
                response.headers().set("X-Served-By", stream.backend().name() + "/" + stream.server().name());
                return Verdict.CONTINUE;
            }));

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), lb.port())) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /2 HTTP/1.1\r\nHost: x\r\nX-Refuse: 1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readResponse(client.getInputStream())).contains("\r\nX-Served-By: be_a/sa\r\n").endsWith("sa");
                assertThat(readResponse(client.getInputStream())).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                        .doesNotContain("X-Served-By").doesNotContainIgnoringCase("connection:");
                client.getOutputStream().write("GET /3 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readResponse(client.getInputStream())).startsWith("HTTP/1.1 200 ").endsWith("sa");
            }
            assertThat(a.requests()).isEqualTo(2);
            assertThat(fe.counters().connectionsTotal()).isEqualTo(1);
        }
    }

    /** Requests, 2xx responses and bytes both ways of one backend or server. */
    private static void assertCounted(TrafficCounters c, int requests) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(c.requests()).isEqualTo(requests);
            assertThat(c.responses(2)).isEqualTo(requests);
            assertThat(c.total()).isEqualTo(requests);
            assertThat(c.current()).isZero();
            assertThat(c.bytesIn()).isPositive();
            assertThat(c.bytesOut()).isPositive();
        });
    }

    /** Reads one response with a Content-Length and returns its body; the connection stays usable. */
    private static String readResponseBody(InputStream in) throws IOException {
        String response = readResponse(in);
        assertThat(response).startsWith("HTTP/1.1 200 ");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** Reads one response with a Content-Length, head and body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("connection closed after: " + head);
            }
            head.append((char) c);
        }
        int length = head.toString().lines().map(l -> l.toLowerCase(Locale.ROOT))
                .filter(l -> l.startsWith("content-length:")).map(l -> Integer.parseInt(l.substring(15).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no Content-Length: " + head));
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
