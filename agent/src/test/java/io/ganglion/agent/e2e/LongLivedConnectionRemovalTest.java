package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

import io.ganglion.agent.audit.AuditEntry;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 7: a server that keeps a long-lived connection is removed from the registry; it
 * drains, and when the drain timeout passes the agent sends {@code shutdown sessions server}, then
 * {@code del server} once no session is left: the server leaves the balancer and the client's
 * connection ends.
 */
class LongLivedConnectionRemovalTest {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void theDrainTimeoutCutsTheConnectionAndDeletesTheServer(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2");
             CountingProxy proxy = new CountingProxy(world.balancer.adminTcpPort())) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.registry.register("b2", world.backend("b2").port(), 1);
            // The production resync (the suite's is 300 ms), to see the socket traffic a drain makes.
            world.startAgentWith(world.agentYaml("127.0.0.1:" + proxy.port(), "", "drain_timeout: " + DRAIN_TIMEOUT.toSeconds() + "s")
                    .replace("resync: 300ms", "resync: 5s"));
            await("both servers ready").atMost(E2e.GENEROUS).until(() -> world.servers("be_api").size() == 2
                    && world.firstServiceConverged());

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), world.frontendPort)) {
                client.setSoTimeout((int) E2e.GENEROUS.toMillis());
                client.getOutputStream().write("GET /hold HTTP/1.1\r\nHost: api\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = client.getInputStream();
                in.read(); // the response has begun
                NamedBackend held = world.backend("b1").holding() == 1 ? world.backend("b1") : world.backend("b2");
                assertThat(held.holding()).as("the long response is under way").isEqualTo(1);
                String server = world.serverName(held.name());

                List<String> beforeRemoval = proxy.lines();
                long removed = System.nanoTime();
                world.registry.remove(held.name());
                await(server + " deleted").atMost(E2e.GENEROUS).until(() -> !world.servers("be_api").containsKey(server));
                Duration drained = Duration.ofNanos(System.nanoTime() - removed);
                assertThat(drained).as("kept until the drain timeout").isGreaterThanOrEqualTo(DRAIN_TIMEOUT);
                List<String> sinceRemoval = proxy.lines();
                sinceRemoval = sinceRemoval.subList(beforeRemoval.size(), sinceRemoval.size());
                // While the server drains, the agent reads its backend alone, about once a second.
                List<String> whileDraining = sinceRemoval.subList(sinceRemoval.indexOf("set server be_api/" + server + " state drain") + 1,
                        sinceRemoval.indexOf("set server be_api/" + server + " state maint"));
                System.out.printf("[%s] socket traffic of a %d ms drain: %d commands (%.1f/s), %d of them reads while"
                                + " waiting for the %d s drain timeout: %s%n", target.name(), drained.toMillis(),
                        sinceRemoval.size(), sinceRemoval.size() * 1000.0 / drained.toMillis(), whileDraining.size(),
                        DRAIN_TIMEOUT.toSeconds(), new TreeSet<>(whileDraining));
                assertThat(whileDraining).containsOnly("show servers state be_api", "show stat be_api 4 -1")
                        .hasSizeLessThanOrEqualTo(2 * (int) (DRAIN_TIMEOUT.toSeconds() + 1));
                in.transferTo(OutputStream.nullOutputStream()); // returns once the client sees the connection end
                await("the server side cut").atMost(E2e.GENEROUS).until(() -> held.holding() == 0);

                assertThat(proxy.lines()).containsSubsequence("set server be_api/" + server + " state drain",
                        "set server be_api/" + server + " state maint", "shutdown sessions server be_api/" + server,
                        "del server be_api/" + server);
                assertThat(world.agent.audit().entries()).filteredOn(e -> e.server().equals(server))
                        .extracting(AuditEntry::action, AuditEntry::result)
                        .containsExactly(Tuple.tuple("add", "ok"),
                                Tuple.tuple("drain", "ok"),
                                Tuple.tuple("shutdown-sessions", "ok"),
                                Tuple.tuple("delete", "ok"));
                assertThat(world.get()).as("the other server still serves").isEqualTo(200);
            }
        }
    }
}
