package io.ganglion.agent.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A balancer the agent's end-to-end suite drives over its stats socket: HAProxy 2.6 from the
 * distribution, and the bundled balancer.
 */
interface BalancerTarget {

    /** Every target the parameterised suites run against. */
    java.util.List<BalancerTarget> ALL = java.util.List.of(new HaproxyTarget(), new BundledTarget());

    String name();

    /** Empty when the target can run here; otherwise why not, and how to fix it. */
    Optional<String> unavailableBecause();

    /**
     * Starts the balancer on {@code proxies} (HAProxy syntax: defaults, frontends, backends) in
     * {@code workDir}, with an admin stats socket on a unix path and on loopback TCP; returns once
     * the socket answers.
     */
    RunningBalancer start(String proxies, Path workDir) throws IOException;
}
