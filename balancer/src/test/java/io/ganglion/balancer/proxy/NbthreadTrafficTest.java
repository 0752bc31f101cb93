package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code nbthread N} in traffic: the client connections are served by exactly N event loops, as
 * HAProxy's N threads share them, and each still gets its answer on its kept-alive connection.
 */
class NbthreadTrafficTest {
    private static final int CONNECTIONS = 12;

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void connectionsAreServedByAsManyEventLoopsAsThreadsConfigured(int threads) throws Exception {
        try (TestHttpBackend web = new TestHttpBackend("web1");
             RunningBalancer balancer = RunningBalancer.start("global\n    nbthread " + threads + "\n"
                     + RunningBalancer.httpTopology("", "    server web1 127.0.0.1:" + web.port() + "\n"))) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket client = new Socket("127.0.0.1", balancer.port());
                    clients.add(client);
                    client.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(RawHttp.readResponse(client.getInputStream())).startsWith("HTTP/1.1 200");
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> balancer.balancer().context().clientChannels().size() == CONNECTIONS);
                Set<EventLoop> loops = balancer.balancer().context().clientChannels().stream()
                        .map(Channel::eventLoop).collect(Collectors.toSet());

                assertThat(loops).hasSize(threads);
                assertThat(web.requests()).isEqualTo(CONNECTIONS);
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }
}
