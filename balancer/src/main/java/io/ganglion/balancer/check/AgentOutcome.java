package io.ganglion.balancer.check;

import java.time.Duration;

/**
 * What one agent exchange gave: a line, a line cut by the agent's close, or no exchange at all.
 *
 * @param line      the line read (without its end), or null
 * @param status    for a failed exchange, HAProxy's status ({@code L4CON}, {@code L4TOUT}, {@code L7TOUT}); else null
 * @param info      for a failed exchange, its description (e.g. "Connection refused")
 * @param duration  how long the exchange took
 */
record AgentOutcome(String line, String status, String info, Duration duration) {
    static AgentOutcome replied(String line, Duration duration) {
        return new AgentOutcome(line, null, null, duration);
    }

    static AgentOutcome incomplete(Duration duration) {
        return new AgentOutcome(null, null, null, duration);
    }

    static AgentOutcome failed(String status, String info, Duration duration) {
        return new AgentOutcome(null, status, info, duration);
    }
}
