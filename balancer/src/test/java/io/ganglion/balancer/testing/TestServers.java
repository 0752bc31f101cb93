package io.ganglion.balancer.testing;

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
import java.util.List;

/** Servers of backend {@code be} for unit tests: {@code s1..sN} on 127.0.0.1:8001.., ready, up, weight 1. */
public final class TestServers {

    private TestServers() {
    }

    public static List<Server> servers(int n, ServerListener listener) {
        List<Server> servers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ServerSpec spec = ServerSpec.DEFAULTS.forServer("s" + i, "127.0.0.1", 8000 + i, new Source("test.cfg", i));
            ServerSettings settings = new ServerSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8000 + i),
                    1, AdminState.READY, OperationalState.UP, false, 0, 0, null);
            servers.add(new Server("be", i, spec, settings, listener));
        }
        return servers;
    }
}
