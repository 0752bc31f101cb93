package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * {@code leastconn}: the server with the fewest active connections relative to its weight; among
 * servers of equal load, the one that reached that load first (so equals take turns, as in
 * HAProxy's tree, where a repositioned server goes after the others of its key).
 *
 * <p>The candidates are kept ordered by (connections + 1) / weight, then by arrival at that place:
 * a pick reads the first eligible one, and a connection taken or given back moves its server,
 * O(log n) either way. Unlike the other selectors, one instance serves a backend for its whole life:
 * the order follows connections that outlive any snapshot. The control side calls {@link #reorder}
 * for each new snapshot (one thread at a time, under the backend's lock); event loops pick and
 * report connection changes concurrently, without a lock shared between servers.
 */
final class LeastConnSelector implements ServerSelector {
    private final ConcurrentSkipListSet<Position> order = new ConcurrentSkipListSet<>();
    private final ConcurrentHashMap<Server, Member> members = new ConcurrentHashMap<>();
    private final AtomicLong arrivals = new AtomicLong();
    /** Which {@link #reorder} last saw each member; written by the control side only. */
    private long generation;

    /**
     * Makes {@code candidates}, with their weights, the servers picked from: newcomers are placed by
     * their current connections (after their equals, in the candidates' order), servers whose
     * weight changed are moved, and servers no longer in the list leave the order.
     *
     * @return this selector, for the new snapshot
     */
    LeastConnSelector reorder(List<Server> candidates, int[] weights) {
        long current = ++generation;
        for (int i = 0; i < candidates.size(); i++) {
            Server s = candidates.get(i);
            Member m = members.computeIfAbsent(s, Member::new);
            m.seenIn = current;
            m.place(weights[i]);
        }
        for (Member m : members.values()) {
            if (m.seenIn != current) {
                m.leave();
                members.remove(m.server);
            }
        }
        return this;
    }

    @Override
    public Server pick(InetAddress client, Predicate<Server> eligible) {
        // A server being moved can appear twice for a moment: testing it twice is harmless.
        for (Position p : order) {
            Server s = p.member.server;
            if (eligible.test(s)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void connectionsChanged(Server server) {
        Member m = members.get(server);
        if (m != null) {
            m.moveToLoad();
        }
    }

    /** The candidates from the least loaded on, each once: for tests. */
    List<Server> inOrder() {
        return order.stream().map(p -> p.member.server).distinct().toList();
    }

    /**
     * One candidate's place in the order. Its moves are serialised by its own lock and read the
     * connection count inside it, so whichever move runs last leaves the place of the latest count.
     */
    private final class Member {
        final Server server;
        /** Written by the control side only. */
        long seenIn;
        /** Guarded by this. */
        private int weight;
        /** Guarded by this; null once the member left the order. */
        private Position position;

        Member(Server server) {
            this.server = server;
        }

        /** Joins the order with {@code newWeight}, or moves when the weight changed. */
        synchronized void place(int newWeight) {
            if (position != null && newWeight == weight) {
                return;
            }
            weight = newWeight;
            moveTo(loadNow());
        }

        synchronized void moveToLoad() {
            if (position == null) {
                return; // left the order: its remaining connections no longer matter here
            }
            long load = loadNow();
            if (load != position.load) {
                moveTo(load);
            }
        }

        synchronized void leave() {
            if (position != null) {
                order.remove(position);
                position = null;
            }
        }

        /** The new place is added before the old one goes, so a pick never misses the server. */
        private void moveTo(long load) {
            Position next = new Position(load, weight, arrivals.incrementAndGet(), this);
            order.add(next);
            if (position != null) {
                order.remove(position);
            }
            position = next;
        }

        private long loadNow() {
            return server.activeConnections() + 1L;
        }
    }

    /**
     * A place in the order: load/weight first (compared without division), then arrival, unique per
     * place, so no two places are equal.
     */
    private record Position(long load, int weight, long arrival, Member member) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int byLoad = Long.compare(load * other.weight, other.load * weight);
            return byLoad != 0 ? byLoad : Long.compare(arrival, other.arrival);
        }
    }
}
