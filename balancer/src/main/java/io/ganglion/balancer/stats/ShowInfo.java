package io.ganglion.balancer.stats;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.Version;
import io.ganglion.balancer.proxy.AcceptRateLimits;
import io.ganglion.balancer.proxy.Frontend;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code show info}: HAProxy 2.6's process fields, names and order, with this balancer's values.
 * Fields this balancer has no value for (compression memory, description) are left out, as HAProxy
 * leaves out fields without a value; pipes and peers are 0, and so are the TLS figures of what the
 * balancer has no TLS for (backend keys, the session-ID cache: tickets need none).
 */
public final class ShowInfo {
    private static final List<String[]> FIELDS = FieldTables.read("haproxy-2.6-info-fields.tsv");

    /** The plain, typed and json forms. */
    public enum Format { PLAIN, TYPED, JSON }

    private ShowInfo() {
    }

    public static String answer(BalancerView balancer, Format format) {
        Map<String, Object> values = values(balancer);
        StringBuilder out = new StringBuilder(format == Format.JSON ? "[" : "");
        boolean first = true;
        for (String[] f : FIELDS) {
            Object v = values.get(f[1]);
            if (v == null || f[2].equals("-")) {
                continue;
            }
            FieldTag tag = FieldTag.parse(f[2]);
            switch (format) {
                case PLAIN -> out.append(f[1]).append(": ").append(v).append('\n');
                case TYPED -> out.append(f[0]).append('.').append(f[1]).append(".1:").append(tag.letters())
                        .append(':').append(tag.type()).append(':').append(v).append('\n');
                case JSON -> {
                    out.append(first ? "{" : ",{");
                    JsonText.field(out, Integer.parseInt(f[0]), f[1], tag, v);
                    out.append('}');
                }
            }
            first = false;
        }
        return out.append(format == Format.JSON ? "]\n\n" : "\n").toString();
    }

    /** Every field with a value, by HAProxy's name (the Prometheus exporter's process metrics read them). */
    public static Map<String, Object> values(BalancerView balancer) {
        long uptimeSec = Math.max(0, (System.currentTimeMillis() - balancer.startMillis()) / 1000);
        int maxconn = balancer.config().global().maxconn();
        // HAProxy 2.6 counts each stats socket connection in CumConns and, as the one stream it
        // carries whatever its commands, in CumReq, the connection asking included; not in
        // CurrConns nor ConnRate (measured: one `show info` a connection reads 1, 2, 3).
        long cumConns = balancer.statsSocketSessionsTotal();
        long cumReq = cumConns;
        long bytesOut = 0;
        // HAProxy counts a listener from its creation to its deletion: a disabled frontend keeps
        // its own (paused), and every stats socket is one.
        int listeners = balancer.config().global().statsSockets().size();
        for (Frontend f : balancer.frontends()) {
            cumConns += f.counters().connectionsTotal();
            cumReq += f.counters().requests();
            bytesOut += f.counters().bytesOut();
            listeners += f.binds().size();
        }
        AcceptRateLimits rates = balancer.acceptRateLimits();
        int curr = balancer.activeConnections();
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> v = new HashMap<>();
        v.put("Name", "Ganglion");
        v.put("Version", Version.VERSION);
        v.put("Release_date", Version.RELEASE_DATE);
        v.put("Nbthread", balancer.threads());
        v.put("Nbproc", 1);
        v.put("Process_num", 1);
        v.put("Pid", ProcessHandle.current().pid());
        v.put("Uptime", uptime(uptimeSec));
        v.put("Uptime_sec", uptimeSec);
        v.put("Memmax_MB", 0);
        v.put("PoolAlloc_MB", (rt.totalMemory()) >> 20);
        v.put("PoolUsed_MB", (rt.totalMemory() - rt.freeMemory()) >> 20);
        v.put("Ulimit-n", maxconn * 2L + 35);
        v.put("Maxsock", maxconn * 2L + 35);
        v.put("Maxconn", balancer.globalMaxconn());
        v.put("Hard_maxconn", maxconn);
        v.put("CurrConns", curr);
        v.put("CumConns", cumConns);
        v.put("CumReq", cumReq);
        v.put("ConnRate", rates.connectionRate());
        v.put("ConnRateLimit", rates.connectionLimit());
        v.put("MaxConnRate", rates.maxConnectionRate());
        v.put("SessRate", rates.sessionRate());
        v.put("SessRateLimit", rates.sessionLimit());
        v.put("MaxSessRate", rates.maxSessionRate());
        for (String zero : List.of("PoolFailed", "MaxSslConns", "CurrSslConns", "CumSslConns", "Maxpipes", "PipesUsed",
                "PipesFree", "SslRate", "SslRateLimit", "MaxSslRate",
                "SslFrontendKeyRate", "SslFrontendMaxKeyRate", "SslFrontendSessionReuse_pct", "SslBackendKeyRate",
                "SslBackendMaxKeyRate", "SslCacheLookups", "SslCacheMisses", "CompressBpsIn", "CompressBpsOut",
                "CompressBpsRateLim", "Run_queue", "Unstoppable Jobs", "ActivePeers", "ConnectedPeers", "DroppedLogs",
                "BusyPolling", "FailedResolutions", "TotalSplicdedBytesOut", "BytesOutRate", "DebugCommandsIssued",
                "CumRecvLogs", "Memmax_bytes")) {
            v.put(zero, 0);
        }
        SslProcessFigures ssl = balancer.sslFigures();
        v.put("CurrSslConns", ssl.current());
        v.put("CumSslConns", ssl.total());
        v.put("SslRate", ssl.sessionRate().perSecond());
        v.put("MaxSslRate", ssl.sessionRate().max());
        v.put("SslFrontendKeyRate", ssl.frontendKeyRate().perSecond());
        v.put("SslFrontendMaxKeyRate", ssl.frontendKeyRate().max());
        v.put("SslFrontendSessionReuse_pct", ssl.frontendSessionReusePercent());
        v.put("SslBackendKeyRate", ssl.backendKeyRate().perSecond());
        v.put("SslBackendMaxKeyRate", ssl.backendKeyRate().max());
        v.put("Tasks", Thread.activeCount());
        v.put("Idle_pct", idlePercent());
        v.put("node", hostName());
        v.put("Stopping", balancer.stopping() ? 1 : 0);
        // HAProxy's jobs: every listener, client connection and CLI session.
        v.put("Jobs", curr + listeners + balancer.statsSocketSessions());
        v.put("Listeners", listeners);
        v.put("TotalBytesOut", bytesOut);
        v.put("Build info", Version.VERSION);
        v.put("PoolAlloc_bytes", rt.totalMemory());
        v.put("PoolUsed_bytes", rt.totalMemory() - rt.freeMemory());
        v.put("Start_time_sec", balancer.startMillis() / 1000);
        v.put("Tainted", "0");
        return v;
    }

    /** HAProxy's {@code 0d 0h00m01s}. */
    static String uptime(long sec) {
        return String.format("%dd %dh%02dm%02ds", sec / 86400, (sec % 86400) / 3600, (sec % 3600) / 60, sec % 60);
    }

    /** An estimate: the share of the machine's cores this process leaves idle. */
    private static long idlePercent() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getProcessCpuLoad();
            if (load >= 0) {
                return Math.round(100 * (1 - load));
            }
        }
        return 100;
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
