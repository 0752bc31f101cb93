package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.util.List;

/**
 * Candidates with their effective weights (all &gt; 0) and the running sum of those weights, for
 * the algorithms that map a number in {@code [0, totalWeight)} to a server by binary search:
 * O(log n) per pick, whatever the number of servers.
 */
final class WeightedServers {
    final Server[] servers;
    /** cumulative[i] = sum of the weights of servers[0..i]. */
    final long[] cumulative;

    WeightedServers(List<Server> candidates, int[] weights) {
        servers = candidates.toArray(new Server[0]);
        cumulative = new long[servers.length];
        long sum = 0;
        for (int i = 0; i < servers.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
    }

    long totalWeight() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    int size() {
        return servers.length;
    }

    /** The index of the server owning the point {@code point} in {@code [0, totalWeight)}. */
    int indexAt(long point) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > point) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The first eligible server from {@code start} on, wrapping around; null if none. */
    Server firstEligibleFrom(int start, java.util.function.Predicate<Server> eligible) {
        int n = servers.length;
        for (int k = 0; k < n; k++) {
            Server s = servers[(start + k) % n];
            if (eligible.test(s)) {
                return s;
            }
        }
        return null;
    }
}
