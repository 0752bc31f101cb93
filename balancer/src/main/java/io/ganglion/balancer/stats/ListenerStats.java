package io.ganglion.balancer.stats;

import io.ganglion.balancer.proxy.BoundListener;
import io.ganglion.balancer.proxy.Frontend;

/**
 * The row of one listener ({@code option socket-stats}): the columns HAProxy 2.6 fills for it,
 * from the listener's own counters. Its status is {@code OPEN} even while the frontend is paused,
 * as HAProxy 2.6 shows it (measured), and {@code slim} is 0: a bind line sets no limit of its own.
 */
final class ListenerStats {
    private ListenerStats() {
    }

    static StatRow row(Frontend f, BoundListener l, int proxyId) {
        TrafficCounters c = l.counters();
        StatRow.Builder b = StatRow.builder(ObjType.LISTENER, proxyId, l.id());
        CommonColumns.identity(b, f.name(), l.name(), proxyId, l.id(), ObjType.LISTENER, f.config().mode());
        b.put("scur", c.current()).put("smax", c.max()).put("slim", 0).put("stot", c.total())
                .put("bin", c.bytesIn()).put("bout", c.bytesOut())
                .put("dreq", c.deniedRequests()).put("dresp", c.deniedResponses()).put("ereq", c.requestErrors())
                .put("status", "OPEN").put("addr", l.bind().text()).put("dcon", c.deniedConnections())
                .zeros("dses", "wrew", "eint");
        CommonColumns.sslModule(b);
        return b.build();
    }
}
