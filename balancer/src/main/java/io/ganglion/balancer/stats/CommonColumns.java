package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.ProxyMode;
import java.util.Locale;

/** The columns that frontend, backend and server rows fill from their traffic counters alike. */
final class CommonColumns {
    private CommonColumns() {
    }

    static void identity(StatRow.Builder b, String proxy, String service, int proxyId, int id, ObjType type,
            ProxyMode mode) {
        b.put("pxname", proxy).put("svname", service).put("pid", 1).put("iid", proxyId).put("sid", id)
                .put("type", type.code()).put("mode", mode.name().toLowerCase(Locale.ROOT));
    }

    static void sessions(StatRow.Builder b, TrafficCounters c) {
        b.put("scur", c.current()).put("smax", c.max()).put("stot", c.total()).put("bin", c.bytesIn())
                .put("bout", c.bytesOut()).put("rate", c.sessionRate().perSecond())
                .put("rate_max", c.sessionRate().max()).put("dresp", c.deniedResponses()).zeros("wrew", "eint");
    }

    /** {@code hrsp_1xx} .. {@code hrsp_5xx}, built once: every HTTP row of every dump puts them. */
    private static final String[] RESPONSE_CLASSES = {null, "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx"};

    static void httpResponses(StatRow.Builder b, TrafficCounters c) {
        for (int cls = 1; cls <= 5; cls++) {
            b.put(RESPONSE_CLASSES[cls], c.responses(cls));
        }
        b.put("hrsp_other", c.responses(0)).put("req_tot", c.requests());
    }

    /** The server-side columns that backends and servers share. */
    static void serverSide(StatRow.Builder b, TrafficCounters c, long nowMillis) {
        b.put("econ", c.connectionErrors()).put("eresp", c.responseErrors()).put("wretr", c.retries())
                .put("wredis", c.redispatches()).put("lbtot", c.selections()).put("cli_abrt", c.clientAborts())
                .put("srv_abrt", c.serverAborts()).put("connect", c.connects()).put("reuse", c.reuses())
                .put("lastsess", c.lastSessionMillis() == 0 ? -1 : (nowMillis - c.lastSessionMillis()) / 1000);
        times(b, "qtime", "qtime_max", c.queueTime());
        times(b, "ctime", "ctime_max", c.connectTime());
        times(b, "rtime", "rtime_max", c.responseTime());
        times(b, "ttime", "ttime_max", c.totalTime());
    }

    private static void times(StatRow.Builder b, String average, String max, TimeAverage t) {
        b.put(average, t.average()).put(max, t.max());
    }

    static void sslModule(StatRow.Builder b) {
        b.zeros("ssl_sess", "ssl_reused_sess", "ssl_failed_handshake");
    }

    /**
     * ssl, h2 and h1 module counters of frontends and backends. Without TLS nor HTTP/2 the ssl and
     * h2 counters are 0, as HAProxy's are for a proxy that has neither; no byte is spliced.
     */
    static void allModules(StatRow.Builder b, H1Counters h1) {
        b.zeroRange("ssl_sess", "h1_spliced_bytes_out");
        b.put("h1_open_connections", h1.openConnections()).put("h1_open_streams", h1.openStreams())
                .put("h1_total_connections", h1.totalConnections()).put("h1_total_streams", h1.totalStreams())
                .put("h1_bytes_in", h1.bytesIn()).put("h1_bytes_out", h1.bytesOut());
    }
}
