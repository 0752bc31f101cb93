package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the Prometheus exporter of a balancer with 10,000 servers, in the heap the balancer
 * ships with ({@code jvm.options}): the whole exposition arrives and the balancer lives on. (When
 * it built every series of every family as the Java client's objects, then the text in one growing
 * array, the heap ran out under {@code ./ganglion bench metrics --profile}; this test, without the
 * recording, passed then too: it guards the shipped heap, {@code ExporterAllocationTest} the cause.)
 */
class ManyServersExporterTest {
    private static final int SERVERS = 10_000;

    @TempDir
    Path dir;

    @Test
    void exposesTenThousandServersInTheShippedHeap() throws Exception {
        int port = Ports.free();
        int serverPort = Ports.free();
        StringBuilder cfg = new StringBuilder("""
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:%d
                    http-request use-service prometheus-exporter if { path /metrics }
                    default_backend be
                backend be
                """.formatted(port));
        for (int i = 1; i <= SERVERS; i++) {
            cfg.append("    server m").append(i).append(" 127.0.0.1:").append(serverPort).append('\n');
        }
        Path file = dir.resolve("many.cfg");
        Files.writeString(file, cfg);
        try (BalancerProcess p = BalancerProcess.startWithHeap(dir, shippedMaxHeap(), "-f", file.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> BalancerProcess.accepts(port));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<Stream<String>> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            long lastServersLines;
            try (Stream<String> lines = r.body()) {
                lastServersLines = lines.filter(l -> l.contains("server=\"m" + SERVERS + "\"")).count();
            }
            assertThat(lastServersLines).as("series of the last server").isGreaterThan(50);
            assertThat(p.process().isAlive()).as("the balancer after the scrape; its stderr: %s", p.stderr()).isTrue();
        }
    }

    /** The {@code -Xmx} of the balancer's {@code jvm.options}, without the dash-X. */
    private static String shippedMaxHeap() throws IOException {
        try (InputStream in = ManyServersExporterTest.class.getResourceAsStream("/io/ganglion/balancer/jvm.options")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("-Xmx")).findFirst().orElseThrow().substring("-Xmx".length());
        }
    }
}
