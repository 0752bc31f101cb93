package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that resume a TLS 1.2 session and leave at once ({@code openssl s_time -reuse}: its
 * Finished, then close_notify and FIN, microseconds apart), two at a time: every connection is
 * released as soon as its client leaves, not at {@code timeout client}; on epoll and on io_uring.
 * On io_uring with Netty's multi-shot polls, the wake-up for the close_notify and FIN was lost while the read of the
 * Finished was on its way: a thousand and more connections stayed open for {@code timeout client},
 * and the listeners paused at {@code maxconn} (the notes' "io_uring for the proxies' sockets").
 */
@Tag("serial") // two s_time processes at full speed for two seconds
class ResumedHandshakeCloseTest {
    private static final Pattern COUNT = Pattern.compile("(\\d+) connections in \\d+ real seconds");

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void connectionsOfClientsThatLeaveRightAfterAResumedHandshakeAreReleasedAtOnce(String transport, @TempDir Path dir)
            throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and the clients");
        Path socket = dir.resolve("admin.sock");
        try (RunningBalancer balancer = RunningBalancer.startOn(transport, """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:${PORT} ssl crt %s
                    http-request return status 200 content-type text/plain string ok
                """.formatted(socket, TestPki.shared().path("server.pem")))) {
            List<Process> clients = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                clients.add(new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + balancer.port(),
                        "-reuse", "-tls1_2", "-time", "2").redirectErrorStream(true).start());
            }
            long connections = 0;
            for (Process client : clients) {
                String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
                Matcher m = COUNT.matcher(out);
                assertThat(m.find()).as(out).isTrue();
                connections += Long.parseLong(m.group(1));
            }
            assertThat(connections).as("resumed connections made").isGreaterThan(200);
            await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(StatsSocket.showInfo(socket).get("CurrConns")).as("connections still open").isEqualTo("0"));
        }
    }
}
