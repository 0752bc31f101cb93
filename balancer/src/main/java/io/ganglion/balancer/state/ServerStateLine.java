package io.ganglion.balancer.state;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.AgentStatus;
import io.ganglion.balancer.server.CheckResult;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerOptions;
import io.ganglion.balancer.server.ServerSettings;
import java.util.Map;

/**
 * One server as a line of {@code show servers state} and of the server-state-file (format 1): the
 * values are HAProxy's encodings (operational state 0-3, admin flag bits, check status enum...).
 */
public record ServerStateLine(int backendId, String backendName, int serverId, String serverName, String address,
        int opState, int adminState, int userWeight, int initialWeight, long secondsSinceChange, int checkStatus,
        int checkResult, int checkHealth, int checkState, int agentState, int port, int checkPort, String agentAddr,
        int agentPort) {

    public static final String HEADER = "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state "
            + "srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
            + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl "
            + "srv_check_port srv_check_addr srv_agent_addr srv_agent_port";

    /** srv_admin_state bits. */
    static final int FORCED_MAINT = 0x01;
    static final int CONFIG_MAINT = 0x04;
    static final int FORCED_DRAIN = 0x08;
    static final int INHERITED_MAINT = 0x02;
    static final int INHERITED_DRAIN = 0x10;

    /** srv_agent_state bits: configured, enabled, and "this is an agent". */
    static final int AGENT_CONFIGURED = 0x02;
    static final int AGENT_ENABLED = 0x04;
    static final int AGENT = 0x10;

    /** HAProxy's {@code enum healthcheck_status} values of the statuses this balancer produces. */
    private static final Map<String, Integer> CHECK_STATUS = Map.of("INI", 1, "SOCKERR", 5, "L4OK", 6, "L4TOUT", 7,
            "L4CON", 8, "L7TOUT", 12, "L7RSP", 13, "L7OK", 15, "L7STS", 17);

    public static ServerStateLine of(Server s, int backendId, long nowMillis) {
        ServerSettings st = s.settings();
        boolean maint = st.effectiveAdmin() == AdminState.MAINT;
        int admin = switch (st.admin()) {
            case MAINT -> FORCED_MAINT | (s.spec().get(ServerOptions.DISABLED) ? CONFIG_MAINT : 0);
            case DRAIN -> FORCED_DRAIN;
            case READY -> 0;
        } | switch (st.inherited()) {
            case MAINT -> INHERITED_MAINT;
            case DRAIN -> INHERITED_DRAIN;
            case READY -> 0;
        };
        CheckResult last = s.lastCheck();
        int checkStatus = last == null ? 1 : CHECK_STATUS.getOrDefault(last.status(), 0);
        int checkResult = last == null ? 0 : last.passed() ? 3 : 2;
        int checkState = (s.spec().get(CheckOptions.CHECK) ? 0x02 : 0) | (st.checksEnabled() ? 0x04 : 0)
                | (maint && (s.spec().get(CheckOptions.CHECK) || s.spec().get(ServerOptions.DISABLED)) ? 0x08 : 0);
        int health = maint ? 0 : s.spec().get(CheckOptions.CHECK) ? s.checkHealth() : s.spec().get(CheckOptions.RISE);
        AgentStatus agent = s.agent();
        int agentState = agent.configured() ? AGENT_CONFIGURED | AGENT | (agent.enabled() ? AGENT_ENABLED : 0) : 0;
        return new ServerStateLine(backendId, s.backendName(), s.id(), s.name(),
                st.address().getAddress().getHostAddress(), opState(s, st), admin, st.weight(), s.initialWeight(),
                Math.max(0, (nowMillis - s.lastChangeMillis()) / 1000), checkStatus, checkResult, health, checkState,
                agentState, st.address().getPort(), st.checkPort(), agent.addrShown() ? agent.addr() : "-",
                agent.port());
    }

    /** 0 stopped, 1 starting (slowstart), 2 running, 3 stopping (NOLB). */
    private static int opState(Server s, ServerSettings st) {
        if (st.effectiveAdmin() == AdminState.MAINT || st.health() == OperationalState.DOWN) {
            return 0;
        }
        if (st.health() == OperationalState.STOPPING) {
            return 3;
        }
        return s.rampingUp() ? 1 : 2;
    }

    /** The line as HAProxy writes it; fqdn, SRV record and TLS columns are HAProxy's defaults. */
    public String format() {
        return backendId + " " + backendName + " " + serverId + " " + serverName + " " + address + " " + opState + " "
                + adminState + " " + userWeight + " " + initialWeight + " " + secondsSinceChange + " " + checkStatus
                + " " + checkResult + " " + checkHealth + " " + checkState + " " + agentState + " 0 0 - " + port + " - 0 "
                + checkPort + " - " + agentAddr + " " + agentPort;
    }
}
