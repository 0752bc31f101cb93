package io.ganglion.balancer.stats;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code show stat}: the rows of a running balancer in HAProxy's order (per proxy in config order:
 * FRONTEND, servers, BACKEND), filtered as asked, with addresses, cookies and algorithms hidden
 * below operator level.
 */
public final class ShowStat {
    public static final String NO_SUCH_PROXY = "No such proxy.\n\n";
    private static final List<String> OPERATOR_ONLY = List.of("addr", "cookie", "algo");

    private ShowStat() {
    }

    /** The whole answer: the rows in the requested format, or {@code No such proxy.} */
    public static String answer(BalancerView balancer, StatRequest request, AccessLevel level) {
        return rows(balancer, request, level).map(request.format()::render).orElse(NO_SUCH_PROXY);
    }

    /** The rows, or empty when the request names a proxy that does not exist. */
    public static Optional<List<StatRow>> rows(BalancerView balancer, StatRequest request, AccessLevel level) {
        ProxyIds ids = new ProxyIds(balancer.config());
        Optional<List<ProxySection>> only = Optional.empty();
        if (request.proxy() != null) {
            only = ids.find(request.proxy());
            if (only.isEmpty()) {
                return Optional.empty();
            }
        }
        long now = System.currentTimeMillis();
        int globalMaxconn = balancer.config().global().maxconn();
        boolean stopping = balancer.stopping();
        List<StatRow> rows = new ArrayList<>();
        for (ProxySection p : balancer.config().proxies()) {
            if (only.isPresent() && !only.get().contains(p)) {
                continue;
            }
            int iid = ids.id(p.name());
            Optional<Frontend> fe = p.isFrontend() ? balancer.frontend(p.name()) : Optional.empty();
            Optional<Backend> be = p.isBackend() ? balancer.backend(p.name()) : Optional.empty();
            if (fe.isPresent() && request.wants(ObjType.FRONTEND)) {
                rows.add(FrontendStats.row(fe.get(), iid, globalMaxconn, stopping));
            }
            if (be.isPresent()) {
                addBackend(rows, be.get(), iid, request, fullconn(balancer, p), now);
            }
        }
        if (!level.allows(AccessLevel.OPERATOR)) {
            rows.replaceAll(r -> r.without(OPERATOR_ONLY));
        }
        return Optional.of(rows);
    }

    private static void addBackend(List<StatRow> rows, Backend be, int iid, StatRequest request, int fullconn,
            long now) {
        int shown = 0;
        int usable = 0;
        for (Server s : be.servers()) {
            if (!listed(s, request)) {
                continue;
            }
            shown++;
            usable += s.settings().acceptsNewTraffic() ? 1 : 0;
            if (request.wants(ObjType.SERVER) && (request.serverId() < 0 || request.serverId() == s.id())) {
                rows.add(ServerStats.row(s, be.config().mode(), iid, now));
            }
        }
        if (request.wants(ObjType.BACKEND)) {
            String suffix = request.upOnly() || request.noMaint() ? " (" + usable + "/" + shown + ")" : "";
            rows.add(BackendStats.row(be, iid, fullconn, now, suffix));
        }
    }

    private static boolean listed(Server s, StatRequest request) {
        if (request.noMaint() && s.settings().effectiveAdmin() == AdminState.MAINT) {
            return false;
        }
        return !request.upOnly() || s.settings().acceptsNewTraffic() || s.settings().effectiveAdmin() == AdminState.DRAIN;
    }

    /**
     * HAProxy's default {@code fullconn}: 10% of the summed {@code maxconn} of the frontends whose
     * default backend this is (the global limit for a frontend without its own), at least 1.
     */
    static int fullconn(BalancerView balancer, ProxySection backend) {
        long total = 0;
        for (ProxySection p : balancer.config().proxies()) {
            if (p.isFrontend() && backend.name().equals(p.defaultBackend())) {
                total += p.maxconn() > 0 ? p.maxconn() : balancer.config().global().maxconn();
            }
        }
        return (int) Math.max(1, (total * 10 + 99) / 100);
    }
}
