package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.util.List;

/** Builds the selector of an algorithm for one snapshot of candidates and weights. */
public final class ServerSelectors {
    private ServerSelectors() {
    }

    /**
     * @param candidates servers that may take new traffic, each with weight &gt; 0
     * @param weights    their effective weights, same order
     * @param state      what the backend's selectors keep across snapshots; the caller builds one
     *                   snapshot at a time
     */
    public static ServerSelector create(BalanceAlgorithm algorithm, List<Server> candidates, int[] weights,
            SelectionState state) {
        return switch (algorithm) {
            case ROUNDROBIN, STATIC_RR -> new RoundRobinSelector(candidates, weights, state.roundRobinPosition);
            case LEASTCONN -> state.leastConn.reorder(candidates, weights);
            case FIRST -> new FirstSelector(candidates);
            case SOURCE -> new SourceHashSelector(candidates, weights);
            case RANDOM -> new RandomSelector(candidates, weights);
        };
    }
}
