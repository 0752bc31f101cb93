package io.ganglion.balancer.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.testing.TestServers;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * A server keeps its spec's connection layer, read once when it is made: every dispatch asks it for
 * the name a connection is opened for, and a settings lookup there was a hash lookup per request.
 */
class ServerConnectionLayerFieldTest {
    @Test
    void aServerHasItsSpecsLayer() {
        ServerConnectionLayer layer = new ServerConnectionLayer() {
            @Override
            public String nameFor(io.ganglion.balancer.proxy.stream.Stream stream, Object message) {
                return "example.com";
            }

            @Override
            public Future<Channel> install(Channel server, InetSocketAddress target, String name, long withinMillis,
                    io.ganglion.balancer.stats.SslProcessFigures figures) {
                return null;
            }

            @Override
            public ServerConnectionLayer forChecks(boolean checkElsewhere) {
                return this;
            }

            @Override
            public boolean worthRetrying(Throwable failure) {
                return false;
            }
        };
        ServerListener listener = new ServerListener() {
            @Override
            public void serverChanged(Server server, ServerSettings before, ServerSettings after, String cause) {
            }

            @Override
            public void slotReleased(Server server) {
            }
        };
        Server plain = TestServers.servers(1, listener).get(0);
        ServerSpec spec = plain.spec().with(ServerConnectionLayer.SETTING, layer);
        Server tls = new Server("be", 2, spec, plain.settings(), listener);
        assertThat(plain.connectionLayer()).isSameAs(ServerConnectionLayer.NONE);
        assertThat(tls.connectionLayer()).isSameAs(layer);
    }
}
