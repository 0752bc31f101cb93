package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code source}: a hash of the client's address picks the server, weighted (HAProxy's map-based
 * hashing), so one client keeps reaching the same server while the set of servers is unchanged. An
 * ineligible pick moves on to the next server.
 */
final class SourceHashSelector implements ServerSelector {
    private final WeightedServers servers;

    SourceHashSelector(List<Server> candidates, int[] weights) {
        servers = new WeightedServers(candidates, weights);
    }

    @Override
    public Server pick(InetAddress client, Predicate<Server> eligible) {
        if (servers.size() == 0) {
            return null;
        }
        long point = Math.floorMod(hash(client.getAddress()), servers.totalWeight());
        return servers.firstEligibleFrom(servers.indexAt(point), eligible);
    }

    /** FNV-1a over the address bytes, then a 64-bit finalizer so that neighbouring addresses spread. */
    static long hash(byte[] address) {
        long h = 0xcbf29ce484222325L;
        for (byte b : address) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h & Long.MAX_VALUE;
    }
}
