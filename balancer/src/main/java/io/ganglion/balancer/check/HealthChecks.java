package io.ganglion.balancer.check;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.BackendChangeListener;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.server.Server;
import io.netty.channel.EventLoopGroup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the health checks of every server configured with {@code check}, including servers added
 * at run time, and stops those of deleted servers. Checks are spread over the event loops.
 */
public final class HealthChecks implements BackendChangeListener, AutoCloseable {
    private final EventLoopGroup group;
    private final Transport transport;
    private final Map<Server, HealthCheck> running = new ConcurrentHashMap<>();

    public HealthChecks(EventLoopGroup group, Transport transport) {
        this.group = group;
        this.transport = transport;
    }

    public void watch(Backend backend) {
        backend.addChangeListener(this);
        backend.servers().forEach(s -> serverAdded(backend, s));
    }

    @Override
    public void serverAdded(Backend backend, Server server) {
        if (!server.spec().check()) {
            return;
        }
        HealthCheck check = new HealthCheck(server, backend.config().healthCheck(), backend.config().timeouts(),
                group.next(), transport);
        running.put(server, check);
        check.start();
    }

    @Override
    public void serverRemoved(Backend backend, Server server) {
        HealthCheck check = running.remove(server);
        if (check != null) {
            check.stop();
        }
    }

    @Override
    public void close() {
        running.values().forEach(HealthCheck::stop);
        running.clear();
    }
}
