package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.runtime.DumpLatencyProbe;
import io.ganglion.balancer.runtime.DumpLatencyProbe.LongAnswer;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show sess} with 10,000 open connections lists every one of them. The balancer runs as its
 * own process (its descriptors and the test's each stay under the machine's limit); the connections
 * are {@code mode tcp} streams queued for a server that takes one at a time, so the balancer holds
 * no server connection for them.
 */
@Tag("serial") // alone after the parallel classes: show info answered within 50 ms during the listing
class ShowSessManyStreamsTest {
    private static final int CONNECTIONS = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern QUEUED = Pattern.compile("(?m)^0x[0-9a-f]+: proto=tcpv4 src=127\\.0\\.0\\.1:(\\d+) fe=fet be=bet ");

    @Test
    void listsTenThousandStreams(@TempDir Path dir) throws Exception {
        Path admin = dir.resolve("admin.sock");
        int port = Ports.free();
        List<Socket> clients = new ArrayList<>();
        // The one server connection the backend allows is accepted and held by the kernel's backlog.
        try (ServerSocket app = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path cfg = dir.resolve("balancer.cfg");
            Files.writeString(cfg, """
                    global
                        maxconn 20000
                        stats socket %s level admin
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 2m
                        timeout server 2m
                        timeout queue 2m
                    frontend fet
                        bind 127.0.0.1:%d
                        maxconn 20000
                        default_backend bet
                    backend bet
                        server app 127.0.0.1:%d maxconn 1
                    """.formatted(admin, port, app.getLocalPort()));
            try (BalancerProcess balancer = BalancerProcess.startWithHeap(dir, "256m", "-f", cfg.toString())) {
                await("balancer started").atMost(WAIT).until(() -> Files.exists(admin) && BalancerProcess.accepts(port));
                try {
                    for (int i = 0; i < CONNECTIONS; i++) {
                        clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
                    }
                    Set<String> ourPorts = clients.stream().map(s -> Integer.toString(s.getLocalPort())).collect(Collectors.toSet());
                    await("every connection accepted").atMost(WAIT)
                            .until(() -> listedPorts(StatsSocket.send(admin, "show sess")).size() >= CONNECTIONS);

                    String answer = StatsSocket.send(admin, "show sess");

                    assertThat(listedPorts(answer)).hasSize(CONNECTIONS).containsExactlyInAnyOrderElementsOf(ourPorts);
                    assertThat(answer).endsWith("rc=0 c_exp=\n\n");
                    assertThat(answer.lines().filter(l -> l.contains(" fe=GLOBAL "))).hasSize(1);

                    // Acceptance 4: the listing is written in pieces while another client's
                    // show info is answered within 50 ms (a line per stream, the probe's own
                    // session or two, the blank line)
                    new DumpLatencyProbe(admin, 50).assertShowInfoAnsweredWithinBoundDuring(
                            new LongAnswer("show sess", CONNECTIONS + 2, 1, "=\n\n"));
                } finally {
                    for (Socket s : clients) {
                        s.close();
                    }
                }
            }
        }
    }

    private static List<String> listedPorts(String answer) {
        List<String> ports = new ArrayList<>();
        for (Matcher m = QUEUED.matcher(answer); m.find();) {
            ports.add(m.group(1));
        }
        return ports;
    }
}
