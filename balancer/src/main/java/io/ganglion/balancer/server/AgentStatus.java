package io.ganglion.balancer.server;

import io.ganglion.balancer.check.AgentSpec;

/**
 * The run-time side of a server's agent check, one immutable value replaced whole: whether it runs
 * ({@code enable|disable agent}), what it last said of the server's health (HAProxy's agent counter,
 * with rise and fall of 1: 1 = up, 0 = down), where it connects and what it sends
 * ({@code set server ... agent-addr|agent-port|agent-send}), and its last outcome for {@code show stat}.
 *
 * @param configured  {@code agent-check} was given: only then can it be enabled
 * @param enabled     running now
 * @param up          the agent's health counter is at its top (the agent lets the server be UP)
 * @param addr        the agent's address; null = the server's
 * @param addrShown   {@code srv_agent_addr} is printed (set in the configuration or over the socket)
 * @param port        the agent's port
 * @param send        what is sent after connecting; null = nothing
 * @param last        the last result; null before the first one
 * @param lastText    HAProxy's {@code last_agt}: what the agent said, warned or failed with
 */
public record AgentStatus(boolean configured, boolean enabled, boolean up, String addr, boolean addrShown, int port,
                          String send, CheckResult last, String lastText) {

    public static AgentStatus of(AgentSpec spec) {
        return new AgentStatus(spec.enabled(), spec.enabled(), true, spec.addr(), spec.addr() != null, spec.port(),
                spec.send(), null, "");
    }

    public AgentStatus withEnabled(boolean e) {
        return new AgentStatus(configured, e, up, addr, addrShown, port, send, last, lastText);
    }

    public AgentStatus withUp(boolean u) {
        return new AgentStatus(configured, enabled, u, addr, addrShown, port, send, last, lastText);
    }

    public AgentStatus withAddr(String a) {
        return new AgentStatus(configured, enabled, up, a, true, port, send, last, lastText);
    }

    public AgentStatus withPort(int p) {
        return new AgentStatus(configured, enabled, up, addr, addrShown, p, send, last, lastText);
    }

    public AgentStatus withSend(String s) {
        return new AgentStatus(configured, enabled, up, addr, addrShown, port, s, last, lastText);
    }

    public AgentStatus withResult(CheckResult r, String text) {
        return new AgentStatus(configured, enabled, up, addr, addrShown, port, send, r, text);
    }

    public AgentStatus withText(String text) {
        return new AgentStatus(configured, enabled, up, addr, addrShown, port, send, last, text);
    }

    /** Enabled and saying the server is down: the server cannot be UP, whatever its check says. */
    public boolean holdsDown() {
        return enabled && !up;
    }
}
