package io.ganglion.balancer.check;

import java.time.Duration;

/**
 * A server's agent check as configured ({@code agent-check}, {@code agent-port}, {@code agent-inter},
 * {@code agent-addr}, {@code agent-send}): every interval the balancer connects to the agent, sends
 * {@code send} if any, and reads one line telling the server's health, admin state, weight or maxconn.
 *
 * @param enabled {@code agent-check} given (and not undone by {@code no-agent-check})
 * @param port    the agent's TCP port; 0 = not given (refused when the check is enabled)
 * @param inter   time between two agent checks; null = the server's {@code inter}, as in HAProxy
 * @param addr    the agent's address; null = the server's address
 * @param send    bytes sent after connecting (escapes already decoded); null = nothing
 */
public record AgentSpec(boolean enabled, int port, Duration inter, String addr, String send) {
    public static final AgentSpec NONE = new AgentSpec(false, 0, null, null, null);

    public AgentSpec withEnabled(boolean e) {
        return new AgentSpec(e, port, inter, addr, send);
    }

    public AgentSpec withPort(int p) {
        return new AgentSpec(enabled, p, inter, addr, send);
    }

    public AgentSpec withInter(Duration i) {
        return new AgentSpec(enabled, port, i, addr, send);
    }

    public AgentSpec withAddr(String a) {
        return new AgentSpec(enabled, port, inter, a, send);
    }

    public AgentSpec withSend(String s) {
        return new AgentSpec(enabled, port, inter, addr, s);
    }
}
