package io.ganglion.runtime.balancers;

import java.io.IOException;
import java.nio.file.Path;

/** One test's world: an HTTP upstream and a balancer target running {@link Topology} in front of it. */
public final class Fixture implements AutoCloseable {

    private final HttpBackend backend;
    private final Topology topology;
    private final RunningBalancer balancer;

    private Fixture(HttpBackend backend, Topology topology, RunningBalancer balancer) {
        this.backend = backend;
        this.topology = topology;
        this.balancer = balancer;
    }

    public static Fixture start(BalancerTarget target, Path workDir) throws IOException {
        HttpBackend backend = HttpBackend.start();
        try {
            Topology topology = Topology.on(backend);
            return new Fixture(backend, topology, BalancerTargets.start(target, topology.config(), workDir));
        } catch (IOException | RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    public Topology topology() {
        return topology;
    }

    public RunningBalancer balancer() {
        return balancer;
    }

    public StatsSockets sockets() {
        return balancer.sockets();
    }

    @Override
    public void close() {
        try {
            balancer.close();
        } finally {
            backend.close();
        }
    }
}
