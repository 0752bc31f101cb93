package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.lb.BalanceKeywords;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.server.Server;

/** The BACKEND row of a backend (or {@code listen}) section. */
final class BackendStats {
    private BackendStats() {
    }

    /**
     * @param fullconn the backend's {@code slim}: a tenth of the connection limits of the frontends
     *                 that route to it, as HAProxy's default {@code fullconn}
     * @param statusSuffix {@code " (n/m)"} with the {@code up}/{@code no-maint} options, else empty
     */
    static StatRow row(Backend backend, int proxyId, int fullconn, long nowMillis, String statusSuffix) {
        TrafficCounters c = backend.counters();
        ProxyMode mode = backend.config().mode();
        StatRow.Builder b = StatRow.builder(ObjType.BACKEND, proxyId, 0);
        CommonColumns.identity(b, backend.name(), "BACKEND", proxyId, 0, ObjType.BACKEND, mode);
        CommonColumns.sessions(b, c);
        CommonColumns.serverSide(b, c, nowMillis);
        long weight = 0;
        long userWeight = 0;
        boolean useBackups = backend.activeServersUp() == 0;
        for (Server s : backend.servers()) {
            if (s.settings().acceptsNewTraffic() && s.isBackup() == useBackups) {
                weight += ServerStats.displayedWeight(s);
                userWeight += s.settings().weight();
            }
        }
        boolean up = weight > 0 || backend.servers().isEmpty();
        b.put("qcur", backend.queuedRequests()).put("qmax", backend.maxQueuedRequests())
                .put("slim", fullconn).put("dreq", c.deniedRequests())
                .put("status", (up ? "UP" : "DOWN") + statusSuffix)
                .put("weight", weight).put("uweight", userWeight)
                .put("act", backend.activeServersUp()).put("bck", backend.backupServersUp())
                .put("chkdown", 0).put("lastchg", (nowMillis - backend.lastChangeMillis()) / 1000)
                .put("algo", backend.config().get(BalanceKeywords.BALANCE).keyword())
                .zeros("comp_in", "comp_out", "comp_byp", "comp_rsp", "agg_server_status",
                        "agg_server_check_status", "agg_check_status");
        if (!backend.servers().isEmpty()) {
            b.put("downtime", 0);
        }
        if (mode == ProxyMode.HTTP) {
            CommonColumns.httpResponses(b, c);
            b.zeros("cache_lookups", "cache_hits");
        }
        CommonColumns.allModules(b, backend.h1Counters());
        return b.build();
    }
}
