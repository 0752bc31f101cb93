package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * {@code random}: HAProxy's default {@code random(2)}: two weighted random draws, and the one with
 * fewer active connections wins ("power of two choices"). O(log n) per draw.
 */
final class RandomSelector implements ServerSelector {
    private static final int DRAWS = 2;
    private final WeightedServers servers;

    RandomSelector(List<Server> candidates, int[] weights) {
        servers = new WeightedServers(candidates, weights);
    }

    @Override
    public Server pick(InetAddress client, Predicate<Server> eligible) {
        if (servers.size() == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Server best = null;
        for (int draw = 0; draw < DRAWS; draw++) {
            Server s = servers.servers[servers.indexAt(random.nextLong(servers.totalWeight()))];
            if (eligible.test(s) && (best == null || s.activeConnections() < best.activeConnections())) {
                best = s;
            }
        }
        if (best != null) {
            return best;
        }
        return servers.firstEligibleFrom(random.nextInt(servers.size()), eligible);
    }
}
