package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Weighted round robin without per-pick state but one shared counter (interleaved WRR).
 *
 * <p>Servers are sorted by weight. The cycle has {@code maxWeight} rounds; round {@code r} visits,
 * in that order, every server whose weight is greater than {@code r}. Weights 1, 2, 3 (A, B, C)
 * give the cycle {@code A B C | B C | C}: each server appears exactly "weight" times per cycle of
 * {@code sum(weights)} picks, spread over the cycle rather than in one burst.
 *
 * <p>Consecutive rounds between two distinct weights visit the same servers, so they are stored as
 * one segment: segment j covers the rounds {@code [d(j-1), d(j))} where d are the distinct weights,
 * and visits the suffix of servers with weight at least {@code d(j)}. A pick takes the next counter
 * value modulo the cycle length, finds its segment by binary search (at most 256 segments, since
 * weights are at most 256) and its server by a modulo: the cost does not grow with the number of
 * servers.
 */
final class RoundRobinSelector implements ServerSelector {
    private final Server[] sorted;
    private final long[] segmentStart;
    private final int[] segmentFirstServer;
    private final long cycle;
    private final AtomicLong counter;

    RoundRobinSelector(List<Server> candidates, int[] weights, AtomicLong counter) {
        this.counter = counter;
        int[] order = stableOrderByWeight(weights);
        sorted = new Server[order.length];
        int[] sortedWeights = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = candidates.get(order[i]);
            sortedWeights[i] = weights[order[i]];
        }
        List<long[]> segments = new ArrayList<>();
        long slots = 0;
        int previousWeight = 0;
        for (int i = 0; i < sortedWeights.length; i++) {
            int w = sortedWeights[i];
            if (w == previousWeight) {
                continue;
            }
            int participants = sortedWeights.length - i;
            segments.add(new long[] {slots, i});
            slots += (long) (w - previousWeight) * participants;
            previousWeight = w;
        }
        cycle = slots;
        segmentStart = new long[segments.size()];
        segmentFirstServer = new int[segments.size()];
        for (int j = 0; j < segments.size(); j++) {
            segmentStart[j] = segments.get(j)[0];
            segmentFirstServer[j] = (int) segments.get(j)[1];
        }
    }

    /**
     * The candidates' positions by increasing weight, equal weights in configuration order: a
     * counting sort, linear in the servers, since a snapshot is rebuilt at every change of a
     * weight or state (weights are small integers, 0 to 256).
     */
    static int[] stableOrderByWeight(int[] weights) {
        int max = 0;
        for (int w : weights) {
            max = Math.max(max, w);
        }
        int[] firstSlot = new int[max + 2];
        for (int w : weights) {
            firstSlot[w + 1]++;
        }
        for (int w = 1; w < firstSlot.length; w++) {
            firstSlot[w] += firstSlot[w - 1];
        }
        int[] order = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            order[firstSlot[weights[i]]++] = i;
        }
        return order;
    }

    @Override
    public Server pick(InetAddress client, Predicate<Server> eligible) {
        if (cycle == 0) {
            return null;
        }
        // A full or excluded server costs one more step of the cycle, as many as there are servers.
        for (int attempt = 0; attempt < sorted.length; attempt++) {
            Server s = serverAt(Math.floorMod(counter.getAndIncrement(), cycle));
            if (eligible.test(s)) {
                return s;
            }
        }
        return null;
    }

    private Server serverAt(long slot) {
        int j = Arrays.binarySearch(segmentStart, slot);
        if (j < 0) {
            j = -j - 2;
        }
        int first = segmentFirstServer[j];
        int participants = sorted.length - first;
        return sorted[first + (int) ((slot - segmentStart[j]) % participants)];
    }
}
