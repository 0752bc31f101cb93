package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.proxy.Frontend;

/** The FRONTEND row of a frontend (or {@code listen}) section. */
final class FrontendStats {
    private FrontendStats() {
    }

    /**
     * @param globalMaxconn used as the frontend's limit when it sets none, as HAProxy does
     * @param stopping      the process is stopping: every frontend shows STOP
     */
    static StatRow row(Frontend f, int proxyId, int globalMaxconn, boolean stopping) {
        TrafficCounters c = f.counters();
        ProxyMode mode = f.config().mode();
        StatRow.Builder b = StatRow.builder(ObjType.FRONTEND, proxyId, 0);
        CommonColumns.identity(b, f.name(), "FRONTEND", proxyId, 0, ObjType.FRONTEND, mode);
        CommonColumns.sessions(b, c);
        b.put("slim", f.maxconn() > 0 ? f.maxconn() : globalMaxconn)
                .put("dreq", c.deniedRequests()).put("ereq", c.requestErrors())
                .put("status", stopping ? "STOP" : f.isEnabled() ? "OPEN" : "PAUSED")
                .put("rate_lim", 0)
                .put("req_rate", c.requestRate().perSecond()).put("req_rate_max", c.requestRate().max())
                .put("req_tot", c.requests())
                .put("conn_rate", c.connectionRate().perSecond()).put("conn_rate_max", c.connectionRate().max())
                .put("conn_tot", c.connectionsTotal()).put("dcon", c.deniedConnections())
                .zeros("comp_in", "comp_out", "comp_byp", "comp_rsp", "dses");
        if (mode == ProxyMode.HTTP) {
            CommonColumns.httpResponses(b, c);
            b.put("intercepted", c.interceptedRequests()).zeros("cache_lookups", "cache_hits");
        }
        CommonColumns.allModules(b, f.h1Counters());
        SslCounters ssl = f.sslCounters();
        b.put("ssl_sess", ssl.sessions()).put("ssl_reused_sess", ssl.reusedSessions())
                .put("ssl_failed_handshake", ssl.failedHandshakes());
        return b.build();
    }
}
