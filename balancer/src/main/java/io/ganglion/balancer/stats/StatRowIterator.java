package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.BoundListener;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.Server;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The rows of {@code show stat}, made one at a time as they are asked for, in HAProxy's order (per
 * proxy in config order: FRONTEND, listeners, servers, BACKEND), filtered as the request says.
 *
 * <p>It walks the snapshot of proxies and server lists taken when the command ran (a server added
 * or removed meanwhile is not seen), and reads each row's counters and states when the row is made,
 * as HAProxy's resumable dump does. Not thread-safe: one dump, on one loop.
 */
final class StatRowIterator implements Iterator<StatRow> {
    private static final List<String> OPERATOR_ONLY = List.of("addr", "cookie", "algo");

    /**
     * One proxy as the command found it.
     *
     * @param servers  the backend's server list at that moment (empty without a backend)
     * @param fullconn the backend's {@code slim}
     */
    record ProxySnapshot(int iid, Optional<Frontend> frontend, Optional<Backend> backend, List<Server> servers,
            int fullconn) {
    }

    private enum Step { FRONTEND, LISTENERS, SERVERS, BACKEND }

    private final List<ProxySnapshot> proxies;
    private final StatRequest request;
    private final boolean hideAddresses;
    private final int globalMaxconn;
    private final boolean stopping;

    private int proxyIndex;
    private Step step = Step.FRONTEND;
    private int serverIndex;
    private int listenerIndex;
    /** Servers of the current backend that the {@code up}/{@code no-maint} filters keep, and the usable ones. */
    private int shown;
    private int usable;
    private StatRow next;

    StatRowIterator(List<ProxySnapshot> proxies, StatRequest request, AccessLevel level, int globalMaxconn,
            boolean stopping) {
        this.proxies = List.copyOf(proxies);
        this.request = request;
        this.hideAddresses = !level.allows(AccessLevel.OPERATOR);
        this.globalMaxconn = globalMaxconn;
        this.stopping = stopping;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public StatRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StatRow row = next;
        next = null;
        return hideAddresses ? row.without(OPERATOR_ONLY) : row;
    }

    /** The next row to show, or null at the end. */
    private StatRow advance() {
        long now = System.currentTimeMillis();
        while (proxyIndex < proxies.size()) {
            ProxySnapshot p = proxies.get(proxyIndex);
            switch (step) {
                case FRONTEND -> {
                    step = Step.LISTENERS;
                    if (p.frontend().isPresent() && request.wants(ObjType.FRONTEND)) {
                        return FrontendStats.row(p.frontend().get(), p.iid(), globalMaxconn, stopping);
                    }
                }
                case LISTENERS -> {
                    StatRow row = nextListenerRow(p);
                    if (row != null) {
                        return row;
                    }
                    step = Step.SERVERS;
                }
                case SERVERS -> {
                    StatRow row = nextServerRow(p, now);
                    if (row != null) {
                        return row;
                    }
                    step = Step.BACKEND;
                }
                case BACKEND -> {
                    String suffix = request.upOnly() || request.noMaint() ? " (" + usable + "/" + shown + ")" : "";
                    proxyIndex++;
                    step = Step.FRONTEND;
                    serverIndex = 0;
                    listenerIndex = 0;
                    shown = 0;
                    usable = 0;
                    if (p.backend().isPresent() && request.wants(ObjType.BACKEND)) {
                        return BackendStats.row(p.backend().get(), p.iid(), p.fullconn(), now, suffix);
                    }
                }
            }
        }
        return null;
    }

    /**
     * The next listener row of {@code p} ({@code option socket-stats} only, after its FRONTEND row
     * as HAProxy lists them), the {@code <sid>} filter applying to listeners as to servers; null after the last.
     */
    private StatRow nextListenerRow(ProxySnapshot p) {
        if (p.frontend().isEmpty() || !request.wants(ObjType.LISTENER)) {
            return null;
        }
        List<BoundListener> listeners = p.frontend().get().boundListeners();
        while (listenerIndex < listeners.size()) {
            BoundListener l = listeners.get(listenerIndex++);
            if (l.counters() != null && (request.serverId() < 0 || request.serverId() == l.id())) {
                return ListenerStats.row(p.frontend().get(), l, p.iid());
            }
        }
        return null;
    }

    /** The next server row of {@code p}, counting the servers it passes; null after the last. */
    private StatRow nextServerRow(ProxySnapshot p, long now) {
        while (serverIndex < p.servers().size()) {
            Server s = p.servers().get(serverIndex++);
            if (!listed(s)) {
                continue;
            }
            shown++;
            usable += s.settings().acceptsNewTraffic() ? 1 : 0;
            if (request.wants(ObjType.SERVER) && (request.serverId() < 0 || request.serverId() == s.id())) {
                return ServerStats.row(s, p.backend().orElseThrow().config().mode(), p.iid(), now);
            }
        }
        return null;
    }

    private boolean listed(Server s) {
        if (request.noMaint() && s.settings().effectiveAdmin() == AdminState.MAINT) {
            return false;
        }
        return !request.upOnly() || s.settings().acceptsNewTraffic() || s.settings().effectiveAdmin() == AdminState.DRAIN;
    }
}
