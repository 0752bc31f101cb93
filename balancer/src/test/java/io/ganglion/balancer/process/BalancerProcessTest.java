package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The balancer process: its exit codes, startup errors and graceful stop on SIGTERM. */
class BalancerProcessTest {
    @TempDir
    Path dir;

    private Path writeConfig(int port, int serverPort) throws Exception {
        Path cfg = dir.resolve("balancer.cfg");
        Files.writeString(cfg, """
                global
                    log stdout format raw local0
                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server app 127.0.0.1:%d
                """.formatted(port, serverPort));
        return cfg;
    }

    @Test
    void aStandbyBindsNothingUntilToldToStartThenServes() throws Exception {
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            int port = Ports.free();
            try (BalancerProcess p = BalancerProcess.start(dir, "--standby", "-f", writeConfig(port, app.port()).toString())) {
                await("warm").atMost(Duration.ofSeconds(60)).until(() -> p.stderr().contains("standby: warm"));
                assertThat(BalancerProcess.accepts(port)).as("a standby binds nothing").isFalse();

                p.process().getOutputStream().write("start\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                p.process().getOutputStream().flush();
                await("took over").atMost(Duration.ofSeconds(30)).until(() -> BalancerProcess.accepts(port));
                HttpResponse<String> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("app");
                assertThat(app.requests()).as("the rehearsal sent nothing to the configured servers").isEqualTo(1);
            }
        }
    }

    @Test
    void aStandbyWhoseInputEndsExitsZeroHavingBoundNothing() throws Exception {
        int port = Ports.free();
        try (BalancerProcess p = BalancerProcess.start(dir, "--standby", "-f", writeConfig(port, Ports.free()).toString())) {
            await("warm").atMost(Duration.ofSeconds(60)).until(() -> p.stderr().contains("standby: warm"));
            p.process().getOutputStream().close();
            assertThat(p.waitFor(30)).isZero();
            assertThat(p.stderr()).contains("standby: standard input closed; exiting");
            assertThat(BalancerProcess.accepts(port)).isFalse();
        }
    }

    @Test
    void sigtermLetsEveryRequestInFlightFinishThenExitsZero() throws Exception {
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            int port = Ports.free();
            try (BalancerProcess p = BalancerProcess.start(dir, "-f", writeConfig(port, app.port()).toString())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> BalancerProcess.accepts(port));
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                app.delayMillis(1500);
                List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    inFlight.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> app.inFlight() == 20);

                p.process().destroy(); // SIGTERM
                await().atMost(Duration.ofSeconds(5)).until(() -> !BalancerProcess.accepts(port)); // stops accepting at once
                for (CompletableFuture<HttpResponse<String>> f : inFlight) {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).isEqualTo("app");
                }
                assertThat(p.waitFor(15)).isZero();
                // Each finished request was logged in HAProxy's httplog format before the exit.
                // 127.0.0.1:53040 [24/Nov/2026:23:48:24.713] fe be/app 0/0/1/1502/1503 200 137 - - ---- 20/20/20/20/0 0/0 "GET / HTTP/1.1"
                String httplog = "127\\.0\\.0\\.1:\\d+ \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] fe be/app "
                        + "\\d+/\\d+/\\d+/\\d+/\\d+ 200 \\d+ - - ---- \\d+/\\d+/\\d+/\\d+/0 0/0 \"GET / HTTP/1\\.1\"";
                assertThat(p.stdout().lines().filter(l -> l.matches(httplog))).hasSize(20);
            }
        }
    }

    @Test
    void aPortAlreadyTakenIsOneClearLineAndExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                BalancerProcess p = BalancerProcess.start(dir, "-f",
                        writeConfig(taken.getLocalPort(), Ports.free()).toString())) {
            assertThat(p.waitFor(30)).isEqualTo(1);
            assertThat(p.stderr()).contains("[ALERT]").contains(
                    "Starting frontend fe: cannot bind socket (Address already in use) [127.0.0.1:" + taken.getLocalPort() + "]");
        }
    }

    @Test
    void checkModeSaysValidOrNamesFileAndLine() throws Exception {
        Path good = writeConfig(Ports.free(), Ports.free());
        try (BalancerProcess p = BalancerProcess.start(dir, "-c", "-f", good.toString())) {
            assertThat(p.waitFor(30)).isZero();
            assertThat(p.stdout()).contains("Configuration file is valid");
        }
        Path bad = dir.resolve("bad.cfg");
        Files.writeString(bad, Files.readString(good).replace("    option httplog\n", "    option httplog\n    frobnicate yes\n"));
        try (BalancerProcess p = BalancerProcess.start(dir, "-c", "-f", bad.toString())) {
            assertThat(p.waitFor(30)).isEqualTo(2);
            assertThat(p.stderr()).contains("[ALERT]").contains("parsing [" + bad + ":7] : unknown keyword 'frobnicate' in 'defaults' section");
        }
        try (BalancerProcess p = BalancerProcess.start(dir, "-c", "-f", dir.resolve("missing.cfg").toString())) {
            assertThat(p.waitFor(30)).isEqualTo(2);
            assertThat(p.stderr()).contains("Cannot open configuration file");
        }
    }

    @Test
    void checkModeLoadsAHaproxyGlobalSectionWithAWarningPerTuningKeyword() throws Exception {
        Path cfg = dir.resolve("stock.cfg");
        Files.writeString(cfg, """
                global
                    daemon
                    tune.ssl.default-dh-param 2048
                defaults
                    timeout connect "${HAPROXY_TEST_TIMEOUT-5s}"
                    timeout client "${HAPROXY_TEST_TIMEOUT-5s}"
                    timeout server "${HAPROXY_TEST_TIMEOUT-5s}"
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server app 127.0.0.1:%d
                """.formatted(Ports.free(), Ports.free()));
        try (BalancerProcess p = BalancerProcess.start(dir, "-c", "-f", cfg.toString())) {
            assertThat(p.waitFor(30)).isZero();
            assertThat(p.stdout()).isEqualTo("Warnings were found.\nConfiguration file is valid\n");
            assertThat(p.stderr().lines().filter(line -> line.startsWith("[WARNING]")).toList()).satisfiesExactly(
                    line -> assertThat(line).endsWith(" : config : parsing [" + cfg + ":2] : 'daemon' has no effect in Ganglion"
                            + " (the supervisor that starts it manages its process), ignored."),
                    line -> assertThat(line).endsWith(" : config : parsing [" + cfg + ":3] : 'tune.ssl.default-dh-param' has no effect"
                            + " in Ganglion (HAProxy process tuning), ignored."));
        }
    }

    /** As HAProxy 2.6: a frontend without bind is a warning; nothing listening at all stops the start. */
    @Test
    void aConfigurationWhereNothingListensIsValidButWillNotStart() throws Exception {
        Path cfg = dir.resolve("nolistener.cfg");
        Files.writeString(cfg, """
                defaults
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                frontend fe
                    default_backend be
                backend be
                    server app 127.0.0.1:%d
                """.formatted(Ports.free()));
        try (BalancerProcess p = BalancerProcess.start(dir, "-c", "-f", cfg.toString())) {
            assertThat(p.waitFor(30)).isEqualTo(2);
            assertThat(p.stdout()).isEqualTo("Warnings were found.\n"
                    + "Configuration file has no error but will not start (no listener) => exit(2).\n");
            assertThat(p.stderr()).contains("[WARNING]").contains(" : config : frontend 'fe' has no 'bind' directive."
                    + " Please declare it as a backend if this was intended.");
        }
        try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
            assertThat(p.waitFor(30)).isEqualTo(1);
            assertThat(p.stderr()).contains("[ALERT]").contains(
                    " : [haproxy.main()] No enabled listener found (check for 'bind' directives) ! Exiting.");
        }
    }
}
