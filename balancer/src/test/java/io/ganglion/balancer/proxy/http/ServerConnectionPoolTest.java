package io.ganglion.balancer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerListener;
import io.ganglion.balancer.testing.TestServers;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerConnectionPoolTest {

    private static final ServerListener NO_LISTENER = new ServerListener() {
        @Override
        public void serverChanged(Server server, io.ganglion.balancer.server.ServerSettings before,
                                  io.ganglion.balancer.server.ServerSettings after, String cause) {
        }

        @Override
        public void slotReleased(Server server) {
        }
    };

    @Test
    void idleConnectionsAreBoundedPerLoopAllServersTogether() {
        ServerConnectionPool pool = new ServerConnectionPool(100);
        List<Server> servers = TestServers.servers(150, NO_LISTENER);
        for (int i = 0; i < 100; i++) {
            assertThat(pool.offer(servers.get(i), new EmbeddedChannel())).isTrue();
        }
        EmbeddedChannel overflow = new EmbeddedChannel();
        assertThat(pool.offer(servers.get(120), overflow)).as("the loop's pool is full").isFalse();
        assertThat(overflow.isOpen()).as("a connection not kept is closed").isFalse();
        assertThat(pool.idleCount()).isEqualTo(100);

        // One taken (its address does not match an EmbeddedChannel's, so it is closed, not handed out)
        // leaves room for another.
        pool.take(servers.get(0), null, Long.MAX_VALUE);
        assertThat(pool.idleCount()).isEqualTo(99);
        assertThat(pool.offer(servers.get(121), new EmbeddedChannel())).isTrue();
    }

    @Test
    void idleConnectionsAreBoundedPerServer() {
        ServerConnectionPool pool = new ServerConnectionPool(1_000);
        Server server = TestServers.servers(1, NO_LISTENER).get(0);
        int kept = 0;
        for (int i = 0; i < 100; i++) {
            kept += pool.offer(server, new EmbeddedChannel()) ? 1 : 0;
        }
        assertThat(kept).isEqualTo(64);
        Server other = TestServers.servers(2, NO_LISTENER).get(1);
        EmbeddedChannel removed = new EmbeddedChannel();
        assertThat(pool.offer(other, removed)).isTrue();
        pool.remove(other, removed);
        assertThat(pool.idleCount()).as("a connection the server closed is forgotten").isEqualTo(64);
    }

    /**
     * A keep-alive request takes the connection the previous response gave back, and gives it back
     * in turn: a take and an offer of the same connection make no object (an iterator per take,
     * and a new queue per offer when the take emptied the server's queue, were made per request).
     */
    @Test
    void reusingTheNewestConnectionAllocatesNothing() {
        ServerConnectionPool pool = new ServerConnectionPool(100);
        Server server = TestServers.servers(1, NO_LISTENER).get(0);
        EmbeddedChannel connection = connectedTo(server.settings().address());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int cycles = 20_000;
        cycle(pool, server, connection, cycles); // the same code paths once, before counting
        long before = threads.getCurrentThreadAllocatedBytes();
        cycle(pool, server, connection, cycles);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated / cycles).as("bytes allocated per take and offer").isZero();
    }

    private static void cycle(ServerConnectionPool pool, Server server, EmbeddedChannel connection, int cycles) {
        for (int i = 0; i < cycles; i++) {
            if (!pool.offer(server, connection) || pool.take(server, null, Long.MAX_VALUE) != connection) {
                throw new AssertionError("the idle connection was not handed back at cycle " + i);
            }
        }
    }

    /** An open channel whose peer is {@code address}, as a connection made to a server is. */
    private static EmbeddedChannel connectedTo(SocketAddress address) {
        return new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return address;
            }
        };
    }
}
