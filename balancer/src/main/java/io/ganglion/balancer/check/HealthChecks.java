package io.ganglion.balancer.check;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.BackendChangeListener;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.stats.SslProcessFigures;
import io.ganglion.balancer.server.Server;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the health checks of every server configured with {@code check} and the agent checks of
 * those with {@code agent-check}, including servers added at run time, and stops those of deleted
 * servers. Checks are spread over the event loops.
 */
public final class HealthChecks implements BackendChangeListener, AutoCloseable {
    private final EventLoopGroup group;
    private final Transport transport;
    private final SslProcessFigures ssl;
    private final Map<Server, HealthCheck> running = new ConcurrentHashMap<>();
    private final Map<Server, AgentCheck> agents = new ConcurrentHashMap<>();

    /** @param ssl where the TLS checks' handshakes are counted ({@code SslBackendKeyRate}, as HAProxy counts them) */
    public HealthChecks(EventLoopGroup group, Transport transport, SslProcessFigures ssl) {
        this.group = group;
        this.transport = transport;
        this.ssl = ssl;
    }

    /** Checks the backend's servers, the k-th of n first after k/n of its interval, then every interval. */
    public void watch(Backend backend) {
        backend.addChangeListener(this);
        List<Server> checked = backend.servers().stream().filter(s -> s.spec().get(CheckOptions.CHECK)).toList();
        for (int k = 0; k < checked.size(); k++) {
            Server s = checked.get(k);
            check(backend, s).start(s.spec().get(CheckOptions.INTER).multipliedBy(k).dividedBy(checked.size()));
        }
        List<Server> withAgent = backend.servers().stream()
                .filter(s -> s.spec().get(CheckOptions.AGENT).enabled()).toList();
        for (int k = 0; k < withAgent.size(); k++) {
            Server s = withAgent.get(k);
            agent(backend, s).start(CheckOptions.agentInter(s.spec()).multipliedBy(k).dividedBy(withAgent.size()));
        }
    }

    private AgentCheck agent(Backend backend, Server server) {
        AgentCheck agent = new AgentCheck(server, backend.config().timeouts(), group.next(), transport);
        agents.put(server, agent);
        return agent;
    }

    /** A server added at run time is checked as HAProxy checks it (see {@link PeriodicCheck#startAdded}). */
    @Override
    public void serverAdded(Backend backend, Server server) {
        if (server.spec().get(CheckOptions.CHECK)) {
            check(backend, server).startAdded();
        }
        if (server.spec().get(CheckOptions.AGENT).enabled()) {
            agent(backend, server).startAdded();
        }
    }

    private HealthCheck check(Backend backend, Server server) {
        HealthCheck check = new HealthCheck(server, backend.config().get(HealthCheckKeywords.HEALTH_CHECK),
                backend.config().timeouts(), group.next(), transport, backend.h1Counters(), ssl);
        running.put(server, check);
        return check;
    }

    @Override
    public void serverRemoved(Backend backend, Server server) {
        HealthCheck check = running.remove(server);
        if (check != null) {
            check.stop();
        }
        AgentCheck agent = agents.remove(server);
        if (agent != null) {
            agent.stop();
        }
    }

    @Override
    public void close() {
        running.values().forEach(HealthCheck::stop);
        running.clear();
        agents.values().forEach(AgentCheck::stop);
        agents.clear();
    }
}
