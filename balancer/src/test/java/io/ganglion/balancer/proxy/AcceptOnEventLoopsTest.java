package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Connections are accepted on the event loops that serve them (HAProxy 2.6 accepts on its worker
 * threads): each loop has a listening socket of its own for the address, and a connection it
 * accepts while no busier than the others stays on it, with no hand-off from an accepting thread.
 * With {@code noreuseport}, as HAProxy's, one socket per address that no other process can share.
 */
class AcceptOnEventLoopsTest {
    private static final int CONNECTIONS = 8;

    @Test
    void aConnectionIsServedByTheLoopThatAcceptedIt() throws Exception {
        try (RunningBalancer balancer = RunningBalancer.start("global\n    nbthread 2\n" + RunningBalancer.httpTopology(
                "    http-request return status 200 content-type text/plain string ok\n", "    server web1 127.0.0.1:1\n"))) {
            Set<Channel> listeners = new HashSet<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                // one at a time: no loop is busier than another when the next one comes
                try (Socket client = new Socket("127.0.0.1", balancer.port())) {
                    client.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(RawHttp.readResponse(client.getInputStream())).startsWith("HTTP/1.1 200");
                    Channel served = only(balancer);
                    EventLoop acceptedOn = served.parent().eventLoop();
                    assertThat(acceptedOn).as("the loop of the listening socket that accepted connection %d", i)
                            .isSameAs(served.eventLoop());
                    listeners.add(served.parent());
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> balancer.balancer().context().clientChannels().isEmpty());
            }
            assertThat(listeners).as("listening sockets that accepted").isNotEmpty().allMatch(Channel::isOpen);
        }
    }

    @Test
    void withNoreuseportOneSocketOnTheAcceptLoopHoldsTheAddress() throws Exception {
        try (RunningBalancer balancer = RunningBalancer.start("global\n    nbthread 2\n    noreuseport\n" + RunningBalancer.httpTopology(
                "    http-request return status 200 content-type text/plain string ok\n", "    server web1 127.0.0.1:1\n"))) {
            try (Socket client = new Socket("127.0.0.1", balancer.port())) {
                client.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(RawHttp.readResponse(client.getInputStream())).startsWith("HTTP/1.1 200");
                Channel served = only(balancer);
                assertThat(served.parent().eventLoop()).as("the accept loop, not a serving one").isNotSameAs(served.eventLoop());
            }
            // bound without SO_REUSEPORT: another process asking for it cannot share the address
            try (ServerSocket other = new ServerSocket()) {
                other.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                assertThatThrownBy(() -> other.bind(new InetSocketAddress("127.0.0.1", balancer.port())))
                        .isInstanceOf(BindException.class);
            }
        }
    }

    private static Channel only(RunningBalancer balancer) {
        await().atMost(Duration.ofSeconds(10)).until(() -> balancer.balancer().context().clientChannels().size() == 1);
        return balancer.balancer().context().clientChannels().iterator().next();
    }
}
