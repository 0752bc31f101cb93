package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.BindSpec;
import io.ganglion.balancer.stats.TrafficCounters;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One listening address of a frontend as {@code show stat} knows it: its id ({@code sid}), its name
 * ({@code bind ... name}, else HAProxy's {@code sock-<id>}) and, with {@code option socket-stats},
 * its own counters (null without).
 */
public record BoundListener(int id, String name, BindSpec bind, TrafficCounters counters) {
    private static final AttributeKey<BoundListener> ACCEPTED_BY = AttributeKey.valueOf(BoundListener.class, "acceptedBy");

    /**
     * The listeners of a frontend's binds, numbered as HAProxy numbers them: an {@code id} given
     * is kept; the others take, in order, the lowest free id not below their position (1-based) nor
     * below the one before them.
     */
    static List<BoundListener> of(List<BindSpec> binds, boolean socketStats) {
        Set<Integer> used = new HashSet<>();
        binds.forEach(b -> used.add(b.get(ListenerKeywords.ID)));
        List<BoundListener> listeners = new ArrayList<>();
        int next = 1;
        for (BindSpec b : binds) {
            int id = b.get(ListenerKeywords.ID);
            if (id == 0) {
                while (used.contains(next)) {
                    next++;
                }
                id = next;
                used.add(id);
            }
            next++;
            String name = b.get(ListenerKeywords.NAME);
            listeners.add(new BoundListener(id, name != null ? name : "sock-" + id, b,
                    socketStats ? new TrafficCounters() : null));
        }
        return List.copyOf(listeners);
    }

    /** Remembers on an accepted connection which listener took it. */
    void mark(Channel accepted) {
        accepted.attr(ACCEPTED_BY).set(this);
    }

    /** The counters of the listener that accepted {@code client}, or null (no {@code option socket-stats}). */
    public static TrafficCounters countersOf(Channel client) {
        BoundListener l = client.attr(ACCEPTED_BY).get();
        return l == null ? null : l.counters;
    }
}
