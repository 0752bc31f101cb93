package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 behaviour of the proxy: streaming, keep-alive, interim answers, and its own error answers. */
class HttpProtocolTest {
    private static final long FIFTY_MB = 50L * 1024 * 1024;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestHttpBackend backend;
    private RunningBalancer lb;

    @BeforeEach
    void start() throws Exception {
        backend = new TestHttpBackend("app");
        lb = RunningBalancer.start(config(backend.port(), "timeout server 2s"));
    }

    @AfterEach
    void stop() {
        lb.close();
        backend.close();
    }

    private static String config(int serverPort, String serverTimeout) {
        return """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    %s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    option forwardfor
                    default_backend be
                backend be
                    retries 0
                    server app 127.0.0.1:%d
                """.formatted(serverTimeout, serverPort);
    }

    /**
     * Peak of the memory held by Netty's default allocator (the one every proxy channel uses; the
     * test's own client and server are the JDK's and do not use it) while {@code body} runs.
     */
    private static long peakBufferMemoryDuring(ThrowingRunnable body) throws Exception {
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(
                metric.usedDirectMemory() + metric.usedHeapMemory(), Math::max), 0, 5, TimeUnit.MILLISECONDS);
        try {
            body.run();
        } finally {
            sampler.shutdownNow();
        }
        assertThat(peak.get()).as("the allocator reports its memory").isPositive();
        return peak.get();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void fiftyMegabyteChunkedDownloadStreamsWithBoundedMemory() throws Exception {
        long peak = peakBufferMemoryDuring(() -> {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(lb.uri("/bytes?n=" + FIFTY_MB)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
            long total = 0;
            long firstWrongByte = -1;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = r.body()) {
                int k;
                while ((k = in.read(buf)) > 0) {
                    // One comparison a byte, not one assertion: 50 million assertions made this
                    // client so slow (40 s at load 13) that the test measured it, not the proxy.
                    for (int i = 0; i < k && firstWrongByte < 0; i++) {
                        if (buf[i] != (byte) ((total + i) % (64 * 1024))) {
                            firstWrongByte = total + i;
                        }
                    }
                    total += k;
                }
            }
            assertThat(firstWrongByte).as("the first byte that differs from what the server sent").isEqualTo(-1);
            assertThat(total).isEqualTo(FIFTY_MB);
        });
        // Whole-body buffering would need 50 MB; streaming holds a few socket buffers' worth.
        assertThat(peak).isLessThan(16L * 1024 * 1024);
    }

    @Test
    void fiftyMegabyteChunkedUploadStreamsWithBoundedMemory() throws Exception {
        MessageDigest sent = TestHttpBackend.sha256();
        byte[] block = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(block);
        int blocks = (int) (FIFTY_MB / block.length);
        for (int i = 0; i < blocks; i++) {
            sent.update(block);
        }
        String[] answer = new String[1];
        long peak = peakBufferMemoryDuring(() -> {
            // ofInputStream has no known length: the JDK client sends it chunked.
            HttpRequest req = HttpRequest.newBuilder(lb.uri("/upload")).POST(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new RepeatingStream(block, blocks))).build();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            answer[0] = r.body();
        });
        assertThat(answer[0]).isEqualTo(FIFTY_MB + " " + HexFormat.of().formatHex(sent.digest()));
        assertThat(peak).isLessThan(16L * 1024 * 1024);
    }

    /** {@code count} copies of {@code block}, produced as read. */
    private static final class RepeatingStream extends InputStream {
        private final byte[] block;
        private int left;
        private int pos;

        RepeatingStream(byte[] block, int count) {
            this.block = block;
            this.left = count;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int k = Math.min(len, block.length - pos);
            System.arraycopy(block, pos, b, off, k);
            pos += k;
            if (pos == block.length) {
                pos = 0;
                left--;
            }
            return k;
        }
    }

    @Test
    void keepAliveConnectionsAreReusedOnTheServerSide() throws Exception {
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThat(backend.requests()).isEqualTo(50);
        // Sequential requests: one server connection carries them all.
        assertThat(backend.clientPorts()).hasSize(1);
    }

    @Test
    void forwardForAndHopByHopHeaders() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backend.lastHeaders()).containsEntry("x-forwarded-for", "127.0.0.1");
    }

    /** HAProxy 2.6 accepts the option in a backend too, and adds the header if either proxy has it. */
    @Test
    void forwardForInTheBackendAlone() throws Exception {
        try (RunningBalancer inBackend = RunningBalancer.start(config(backend.port(), "timeout server 2s")
                .replace("    option forwardfor\n", "").replace("    retries 0\n", "    retries 0\n    option forwardfor\n"))) {
            assertThat(RawHttp.get("127.0.0.1", inBackend.port(), "/")).isEqualTo("app");
            assertThat(backend.lastHeaders()).containsEntry("x-forwarded-for", "127.0.0.1");
        }
    }

    @Test
    void headAnswersCarryNoBodyAndTheConnectionStaysUsable() throws Exception {
        String both = RawHttp.exchange("127.0.0.1", lb.port(), "HEAD /bytes?n=1000 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        assertThat(both).startsWith("HTTP/1.1 200 OK\r\n");
        // The second answer follows the first head directly: no body was sent for HEAD.
        int second = both.indexOf("HTTP/1.1 200", 10);
        assertThat(second).isPositive();
        assertThat(both.substring(both.indexOf("\r\n\r\n") + 4, second)).isEmpty();
        assertThat(both).endsWith("app");
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        try (Socket s = new Socket("127.0.0.1", lb.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String interim = readUntilBlankLine(in);
            assertThat(interim).startsWith("HTTP/1.1 100 Continue");
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(rest).startsWith("HTTP/1.1 200").contains("\r\n\r\n5 ");
        }
    }

    private static String readUntilBlankLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void malformedRequestGets400() throws Exception {
        String answer = RawHttp.exchange("127.0.0.1", lb.port(), "GET / HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n");
        assertThat(answer).isEqualTo("HTTP/1.1 400 Bad request\r\nContent-length: 90\r\nCache-Control: no-cache\r\n"
                + "Connection: close\r\nContent-Type: text/html\r\n\r\n<html><body><h1>400 Bad request</h1>\n"
                + "Your browser sent an invalid request.\n</body></html>\n");
        assertThat(backend.requests()).isZero();
    }

    @Test
    void anIncompleteRequestGets408AfterTimeoutHttpRequest() throws Exception {
        try (RunningBalancer quick = RunningBalancer.start(config(backend.port(), "timeout server 2s")
                .replace("timeout client 30s", "timeout client 30s\n    timeout http-request 300ms"))) {
            String answer = RawHttp.exchange("127.0.0.1", quick.port(), "GET / HTTP/1.1\r\nHost: t\r\n");
            assertThat(answer).startsWith("HTTP/1.1 408 Request Time-out\r\n")
                    .endsWith("Your browser didn't send a complete request in time.\n</body></html>\n");
        }
    }

    @Test
    void anIdleKeepAliveConnectionClosesSilentlyAfterTimeoutHttpKeepAlive() throws Exception {
        try (RunningBalancer quick = RunningBalancer.start(config(backend.port(), "timeout server 2s")
                .replace("timeout client 30s", "timeout client 30s\n    timeout http-request 30s\n    timeout http-keep-alive 300ms"));
                java.net.Socket s = new java.net.Socket("127.0.0.1", quick.port())) {
            s.setSoTimeout(10_000); // far below timeout http-request: the keep-alive timeout is the one applied
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = new String(s.getInputStream().readNBytes(15), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 200 OK");
            byte[] rest = s.getInputStream().readAllBytes(); // the rest of the response, then the close: no 408
            assertThat(new String(rest, java.nio.charset.StandardCharsets.US_ASCII)).doesNotContain("408").endsWith("app");
        }
    }

    @Test
    void slowServerGets504() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb.uri("/slow?ms=4000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("504 Gateway Time-out");
        assertThat(lb.backend("be").counters().responses(5)).isEqualTo(1);
    }

    @Test
    void garbageFromTheServerGives502AndAClosedServerPortGives503() throws Exception {
        try (ServerSocket bad = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                RunningBalancer lb2 = RunningBalancer.start(config(bad.getLocalPort(), "timeout server 5s"))) {
            Thread t = new Thread(() -> {
                try (Socket s = bad.accept()) {
                    s.getInputStream().read(new byte[1024]);
                    s.getOutputStream().write("this is not http\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test's assertions tell what happened
                }
            });
            t.start();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb2.uri("/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.body()).contains("502 Bad Gateway");
            t.join(5000);
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RunningBalancer lb3 = RunningBalancer.start(config(closedPort, "timeout server 5s"))) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb3.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(lb3.server("be", "app").counters().connectionErrors()).isEqualTo(1);
        }
    }
}
