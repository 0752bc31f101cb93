package io.ganglion.balancer.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerListener;
import io.ganglion.balancer.server.ServerSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** leastconn's order, driven as the backend drives it: pick, take a slot, give it back. */
class LeastConnSelectorTest {
    private static final Predicate<Server> ANY = s -> true;
    private static final ServerListener NO_LISTENER = new ServerListener() {
        @Override
        public void serverChanged(Server server, ServerSettings before, ServerSettings after, String cause) {
        }

        @Override
        public void slotReleased(Server server) {
        }
    };

    private final LeastConnSelector selector = new LeastConnSelector();

    @Test
    void serversOfEqualLoadTakeTurns() {
        List<Server> servers = servers(3);
        selector.reorder(servers, new int[] {1, 1, 1});
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Server s = take(ANY);
            picked.add(s.name());
            giveBack(s);
        }
        assertThat(picked).containsExactly("s1", "s2", "s3", "s1", "s2", "s3", "s1");
    }

    @Test
    void heldConnectionsSpreadInProportionToWeight() {
        List<Server> servers = servers(2);
        selector.reorder(servers, new int[] {1, 3});
        for (int i = 0; i < 8; i++) {
            take(ANY);
        }
        assertThat(servers.get(0).activeConnections()).isEqualTo(2);
        assertThat(servers.get(1).activeConnections()).isEqualTo(6);
    }

    @Test
    void theLeastLoadedServerIsPickedAfterAConnectionEnds() {
        List<Server> servers = servers(3);
        selector.reorder(servers, new int[] {1, 1, 1});
        for (int i = 0; i < 6; i++) {
            take(ANY); // two each
        }
        giveBack(servers.get(1));
        assertThat(take(ANY)).isSameAs(servers.get(1));
    }

    @Test
    void aWeightChangeMovesTheServer() {
        List<Server> servers = servers(2);
        selector.reorder(servers, new int[] {1, 1});
        assertThat(take(ANY)).isSameAs(servers.get(0)); // s1 at 2/1, s2 at 1/1
        assertThat(selector.pick(null, ANY)).isSameAs(servers.get(1));

        selector.reorder(servers, new int[] {4, 1}); // s1 at 2/4
        assertThat(selector.pick(null, ANY)).isSameAs(servers.get(0));
    }

    @Test
    void aServerThatLeftIsNeverPickedAndReturnsAtItsLoad() {
        List<Server> servers = servers(3);
        Server s1 = servers.get(0);
        selector.reorder(servers, new int[] {1, 1, 1});
        take(ANY);
        take(ANY);
        assertThat(s1.activeConnections()).isEqualTo(1);

        selector.reorder(servers.subList(1, 3), new int[] {1, 1}); // s1 drained, or down
        assertThat(selector.inOrder()).doesNotContain(s1);
        giveBack(s1); // its connection ends while it is out: it must not come back by itself
        assertThat(selector.inOrder()).doesNotContain(s1);
        for (int i = 0; i < 4; i++) {
            assertThat(take(ANY)).isNotSameAs(s1);
        }

        s1.tryAcquireSlot(); // a connection it kept (drain): 1 against 2 and 3 on the others
        selector.reorder(servers, new int[] {1, 1, 1});
        assertThat(selector.inOrder()).first().isSameAs(s1);
        assertThat(take(ANY)).isSameAs(s1);
    }

    @Test
    void ineligibleServersAreSkipped() {
        List<Server> servers = servers(3);
        selector.reorder(servers, new int[] {1, 1, 1});
        Server s1 = servers.get(0);
        assertThat(selector.pick(null, s -> s != s1)).isSameAs(servers.get(1));
        assertThat(selector.pick(null, s -> false)).isNull();
    }

    @Test
    void noCandidatesNoPick() {
        selector.reorder(List.of(), new int[0]);
        assertThat(selector.pick(null, ANY)).isNull();
    }

    @Test
    void concurrentConnectionsLeaveEachServerOnceAtItsFinalLoad() throws Exception {
        List<Server> servers = servers(20);
        int[] weights = servers.stream().mapToInt(s -> 1 + s.id() % 3).toArray();
        selector.reorder(servers, weights);
        ExecutorService loops = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(loops.submit(() -> {
                    List<Server> held = new ArrayList<>();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 20_000; i++) {
                        if (held.size() < 10 && random.nextBoolean()) {
                            held.add(take(ANY));
                        } else if (!held.isEmpty()) {
                            giveBack(held.remove(random.nextInt(held.size())));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            loops.shutdown();
        }
        List<Server> order = selector.inOrder();
        assertThat(order).containsExactlyInAnyOrderElementsOf(servers);
        Comparator<Server> byLoad = (a, b) -> Long.compare((a.activeConnections() + 1L) * weights[b.id() - 1],
                (b.activeConnections() + 1L) * weights[a.id() - 1]);
        assertThat(order).isSortedAccordingTo(byLoad);
    }

    /** What the backend does for a new request: pick, take the slot, report it. */
    private Server take(Predicate<Server> eligible) {
        Server s = selector.pick(null, eligible);
        assertThat(s.tryAcquireSlot()).isTrue();
        selector.connectionsChanged(s);
        return s;
    }

    private void giveBack(Server s) {
        s.releaseSlot();
        selector.connectionsChanged(s);
    }

    private static List<Server> servers(int n) {
        return io.ganglion.balancer.testing.TestServers.servers(n, NO_LISTENER);
    }
}
