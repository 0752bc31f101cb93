package io.ganglion.runtime.balancers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A balancer the integration suite can drive over its stats socket: HAProxy 2.6 today, the
 * bundled balancer later (one more implementation, listed in {@link BalancerTargets#ALL}).
 */
public interface BalancerTarget {

    /** Shown in test names. */
    String name();

    /** Empty when the target can run here; otherwise why not, and the command that fixes it. */
    Optional<String> unavailableBecause();

    /**
     * Starts the balancer on {@code proxies} (HAProxy syntax: defaults, frontends, backends)
     * with the stats sockets of {@link StatsSockets}, in {@code workDir}; returns once the admin
     * unix socket answers. Starting again in the same directory reuses the same unix socket paths.
     */
    RunningBalancer start(String proxies, Path workDir) throws IOException;
}
