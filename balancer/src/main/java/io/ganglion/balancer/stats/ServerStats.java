package io.ganglion.balancer.stats;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.AgentStatus;
import io.ganglion.balancer.server.CheckResult;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerSettings;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** The row of one server. */
final class ServerStats {
    private ServerStats() {
    }

    static StatRow row(Server server, ProxyMode mode, int proxyId, long nowMillis) {
        TrafficCounters c = server.counters();
        ServerSettings s = server.settings();
        StatRow.Builder b = StatRow.builder(ObjType.SERVER, proxyId, server.id());
        CommonColumns.identity(b, server.backendName(), server.name(), proxyId, server.id(), ObjType.SERVER, mode);
        CommonColumns.sessions(b, c);
        CommonColumns.serverSide(b, c, nowMillis);
        // Queued requests wait in the backend's queue, never a server's own.
        b.zeros("qcur", "qmax", "srv_icur", "idle_conn_cur", "safe_conn_cur")
                .put("status", ServerStatus.of(server))
                .put("weight", displayedWeight(server)).put("uweight", s.weight())
                .put("act", server.isBackup() ? 0 : 1).put("bck", server.isBackup() ? 1 : 0)
                .put("lastchg", (nowMillis - server.lastChangeMillis()) / 1000)
                .put("addr", address(s.address()))
                .put("used_conn_cur", server.activeConnections())
                .put("need_conn_est", server.activeConnections());
        if (s.maxconn() > 0) {
            b.put("slim", s.maxconn());
        }
        if (server.isDynamic()) {
            // HAProxy 2.6 prints the idle connection limit (src_ilim) only when it is set, and a
            // server added at run time does not inherit the unset default (-1) but gets 0.
            b.put("src_ilim", 0);
        }
        if (server.rampingUp()) {
            b.put("throttle", 100L * server.effectiveWeight() / Math.max(1, s.weight()));
        }
        if (mode == ProxyMode.HTTP) {
            CommonColumns.httpResponses(b, c);
        }
        if (s.checksEnabled()) {
            b.put("chkfail", server.checkFailures()).put("chkdown", server.downTransitions())
                    .put("downtime", server.downtimeMillis() / 1000);
            if (s.effectiveAdmin() != AdminState.MAINT) {
                checkColumns(b, server);
            }
        }
        if (server.agent().enabled()) {
            agentColumns(b, server.agent());
        }
        if (server.tracked() != null) {
            b.put("tracked", server.tracked().qualifiedName());
        }
        CommonColumns.sslModule(b);
        return b.build();
    }

    /** Shown while the agent runs, in maintenance too (unlike the health check's). */
    private static void agentColumns(StatRow.Builder b, AgentStatus agent) {
        CheckResult r = agent.last();
        String status = r == null ? "INI" : r.status();
        b.put("agent_status", status).put("agent_desc", CheckResult.describe(status))
                .put("agent_rise", 1).put("agent_fall", 1).put("agent_health", agent.up() ? 1 : 0)
                .put("last_agt", agent.lastText());
        if (r != null) {
            b.put("agent_duration", r.duration().toMillis());
            if (status.startsWith("L7")) {
                b.put("agent_code", r.code());
            }
        }
    }

    /** HAProxy shows the effective weight: the user weight, or less while slowstart ramps it up. */
    static long displayedWeight(Server server) {
        if (!server.effectiveWeightComputed()) {
            return 1;
        }
        return server.rampingUp() ? server.effectiveWeight() : server.settings().weight();
    }

    private static void checkColumns(StatRow.Builder b, Server server) {
        CheckResult r = server.lastCheck();
        String status = r == null ? "INI" : r.status();
        b.put("check_status", status).put("check_desc", CheckResult.describe(status))
                .put("check_rise", server.spec().get(CheckOptions.RISE))
                .put("check_fall", server.spec().get(CheckOptions.FALL))
                .put("check_health", server.checkHealth());
        // HAProxy shows last_chk from the start, empty until the first check has a result (INI)
        b.put("last_chk", r == null || r.passed() || r.info() == null ? "" : r.info());
        if (r != null) {
            b.put("check_duration", r.duration().toMillis());
            if (status.startsWith("L7") && r.code() > 0) {
                b.put("check_code", r.code());
            }
        }
    }

    /** {@code ip:port}, IPv6 in brackets, as HAProxy prints a server address. */
    static String address(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        if (a.getAddress() instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return host + ":" + a.getPort();
    }
}
