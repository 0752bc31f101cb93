package io.ganglion.balancer.lb;

import io.ganglion.balancer.config.BalanceAlgorithm;
import io.ganglion.balancer.server.Server;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Builds the selector of an algorithm for one snapshot of candidates and weights. */
public final class ServerSelectors {
    private ServerSelectors() {
    }

    /**
     * @param candidates servers that may take new traffic, each with weight &gt; 0
     * @param weights    their effective weights, same order
     * @param rrCounter  the backend's round-robin position, kept across snapshots so a weight
     *                   change does not restart the cycle from the first server
     */
    public static ServerSelector create(BalanceAlgorithm algorithm, List<Server> candidates, int[] weights,
            AtomicLong rrCounter) {
        return switch (algorithm) {
            case ROUNDROBIN, STATIC_RR -> new RoundRobinSelector(candidates, weights, rrCounter);
            case LEASTCONN -> new LeastConnSelector(candidates, weights);
            case FIRST -> new FirstSelector(candidates);
            case SOURCE -> new SourceHashSelector(candidates, weights);
            case RANDOM -> new RandomSelector(candidates, weights);
        };
    }
}
