package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.OpensslClient;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.ganglion.balancer.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster case (acceptance 2): two balancers with the same {@code tls-ticket-keys} file
 * resume each other's sessions, still do after the same {@code set ssl tls-key} on both, and a
 * ticket from before the rotations resumes exactly as long as HAProxy 2.6's ring keeps its key:
 * after one rotation yes, after two no. The same scenario run on two HAProxy 2.6 processes with the
 * same files gives the same outcomes, for TLS 1.2 tickets and TLS 1.3 resumption alike.
 */
class TicketKeyClusterTest {
    private static TestPki pki;
    private static TestHttpBackend web;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and is the client");
        pki = TestPki.shared();
        web = new TestHttpBackend("web1");
    }

    @AfterAll
    static void tearDown() {
        if (web != null) {
            web.close();
        }
    }

    /** A node of the cluster: its TLS port and admin socket. */
    private record Node(int port, Path socket) {
        String command(String line) throws Exception {
            return StatsSocket.send(socket, line).strip(); // HAProxy ends some answers without the blank line
        }
    }

    private String config(Path socket, String port, Path keys) {
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe_tls
                    bind 127.0.0.1:%s ssl crt %s tls-ticket-keys %s
                    default_backend be
                backend be
                    server web1 127.0.0.1:%d
                """.formatted(socket, port, pki.path("server.pem"), keys, web.port());
    }

    /** The scenario's outcomes on two nodes sharing {@code keys}, in order. */
    private List<String> scenario(Node a, Node b, String version, Path work) throws Exception {
        List<String> seen = new ArrayList<>();
        Path before = work.resolve("before.sess");
        Path after = work.resolve("after.sess");
        seen.add("first on A: " + OpensslClient.request(a.port, version, null, before).session());
        seen.add("its ticket on B: " + OpensslClient.request(b.port, version, before, null).session());
        String k1 = TestPki.newTicketKey();
        seen.add(a.command("set ssl tls-key #0 " + k1) + " / " + b.command("set ssl tls-key #0 " + k1));
        seen.add("new on A after one rotation: " + OpensslClient.request(a.port, version, null, after).session());
        seen.add("its ticket on B: " + OpensslClient.request(b.port, version, after, null).session());
        seen.add("ticket from before, one rotation, on B: " + OpensslClient.request(b.port, version, before, null).session());
        String k2 = TestPki.newTicketKey();
        seen.add(a.command("set ssl tls-key #0 " + k2) + " / " + b.command("set ssl tls-key #0 " + k2));
        seen.add("ticket from before, two rotations, on A: " + OpensslClient.request(a.port, version, before, null).session());
        seen.add("ticket after one rotation, two rotations, on B: "
                + OpensslClient.request(b.port, version, after, null).session());
        return seen;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void sharedTicketKeysResumeAcrossNodesAsLongAsHaproxysRingKeepsTheKey(String version) throws Exception {
        Path keys = dir.resolve("tls-ticket-keys");
        Files.copy(Path.of(pki.path("ticket-keys")), keys);
        List<String> ours;
        Path sa = dir.resolve("a.sock");
        Path sb = dir.resolve("b.sock");
        try (RunningBalancer a = RunningBalancer.start(config(sa, "${PORT}", keys));
                RunningBalancer b = RunningBalancer.start(config(sb, "${PORT}", keys))) {
            ours = scenario(new Node(a.port(), sa), new Node(b.port(), sb), version, Files.createDirectory(dir.resolve("ours")));
        }
        assertThat(ours).containsExactly(
                "first on A: New",
                "its ticket on B: Reused",
                "TLS ticket key updated! / TLS ticket key updated!",
                "new on A after one rotation: New",
                "its ticket on B: Reused",
                "ticket from before, one rotation, on B: Reused",
                "TLS ticket key updated! / TLS ticket key updated!",
                "ticket from before, two rotations, on A: New",
                "ticket after one rotation, two rotations, on B: Reused");

        HaproxyProcess.requireInstalled();
        Path ha = Files.createDirectory(dir.resolve("ha"));
        Path hb = Files.createDirectory(dir.resolve("hb"));
        int pa = Ports.free();
        int pb = Ports.free();
        try (HaproxyProcess a = HaproxyProcess.start(ha, config(ha.resolve("s.sock"), Integer.toString(pa), keys));
                HaproxyProcess b = HaproxyProcess.start(hb, config(hb.resolve("s.sock"), Integer.toString(pb), keys))) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(ha.resolve("s.sock")) && Files.exists(hb.resolve("s.sock")));
            List<String> haproxys = scenario(new Node(pa, ha.resolve("s.sock")), new Node(pb, hb.resolve("s.sock")), version,
                    Files.createDirectory(dir.resolve("theirs")));
            assertThat(ours).isEqualTo(haproxys);
        }
    }
}
