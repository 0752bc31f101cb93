package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code leastconn}: the server with the fewest active connections relative to its weight; ties
 * go round robin (the scan starts one server further each time).
 */
final class LeastConnSelector implements ServerSelector {
    private final Server[] servers;
    private final int[] weights;
    private final AtomicInteger rotation = new AtomicInteger();

    LeastConnSelector(List<Server> candidates, int[] weights) {
        this.servers = candidates.toArray(new Server[0]);
        this.weights = weights.clone();
    }

    @Override
    public Server pick(InetAddress client, Predicate<Server> eligible) {
        int n = servers.length;
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(rotation.getAndIncrement(), n);
        Server best = null;
        long bestLoad = 0;
        int bestWeight = 1;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            Server s = servers[i];
            if (!eligible.test(s)) {
                continue;
            }
            long load = s.activeConnections() + 1L;
            // load/weight < bestLoad/bestWeight, without division.
            if (best == null || load * bestWeight < bestLoad * weights[i]) {
                best = s;
                bestLoad = load;
                bestWeight = weights[i];
            }
        }
        return best;
    }
}
