package io.ganglion.balancer.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RequiredTool;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's) scrapes the exporter every second: the target is up, HAProxy's
 * names and labels are stored, a counter grows with traffic, a server drained on the socket reads
 * {@code haproxy_server_status{state="DRAIN"} 1}; and {@code promtool check metrics} finds nothing
 * to say about the exposition.
 */
class PrometheusScrapeTest {
    @TempDir
    static Path dir;

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestHttpBackend a;
    private static TestHttpBackend b;
    private static RunningBalancer balancer;
    private static Process prometheus;
    private static int prometheusPort;
    private static Path socket;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/prometheus")) && Files.isExecutable(Path.of("/usr/bin/promtool")),
                "Prometheus is not installed: skipping (apt-get install prometheus)");
        a = new TestHttpBackend("a");
        b = new TestHttpBackend("b");
        socket = dir.resolve("admin.sock");
        balancer = RunningBalancer.start("""
                global
                    stats socket %s level admin
                """.formatted(socket) + RunningBalancer.httpTopology(
                "    http-request use-service prometheus-exporter if { path /metrics }\n",
                "    server a 127.0.0.1:%d\n    server b 127.0.0.1:%d\n".formatted(a.port(), b.port())));
        prometheusPort = Ports.free();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: ganglion
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(balancer.port()));
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (balancer != null) {
            balancer.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void prometheusScrapesHaproxyNamesThatFollowTrafficAndState() throws Exception {
        await().until(() -> query("up{job=\"ganglion\"}").orElse(0) == 1);
        assertThat(query("haproxy_process_build_info")).hasValue(1);
        assertThat(query("haproxy_backend_active_servers{proxy=\"be\"}")).hasValue(2);
        assertThat(query("count(haproxy_server_status{proxy=\"be\"})")).hasValue(10); // 2 servers x 5 states

        double before = query("sum(haproxy_backend_http_responses_total{proxy=\"be\",code=\"2xx\"})").orElse(0);
        for (int i = 0; i < 10; i++) {
            assertThat(CLIENT.send(HttpRequest.newBuilder(balancer.uri("/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        await().until(() -> query("sum(haproxy_backend_http_responses_total{proxy=\"be\",code=\"2xx\"})")
                .orElse(0) >= before + 10);
        assertThat(query("sum(haproxy_server_sessions_total{proxy=\"be\"})").orElse(0)).isGreaterThanOrEqualTo(10);

        assertThat(StatsSocket.send(socket, "set server be/b state drain")).isEqualTo("\n");
        await().until(() -> query("haproxy_server_status{proxy=\"be\",server=\"b\",state=\"DRAIN\"}").orElse(0) == 1);
        assertThat(query("haproxy_server_status{proxy=\"be\",server=\"b\",state=\"UP\"}")).hasValue(0);
        assertThat(query("haproxy_backend_agg_server_status{proxy=\"be\",state=\"DRAIN\"}")).hasValue(1);
    }

    @Test
    void promtoolFindsNothingWrongWithTheExposition() throws Exception {
        String exposition = CLIENT.send(HttpRequest.newBuilder(balancer.uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(said).isEmpty();
        assertThat(promtool.exitValue()).isZero();
    }

    private static org.awaitility.core.ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions();
    }

    /** The value of an instant query with one result, or empty when there is none. */
    private static OptionalDouble query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode answer = JSON.readTree(CLIENT.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonNode result = answer.path("data").path("result");
        if (result.size() != 1) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }
}
