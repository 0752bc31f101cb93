package io.ganglion.agent.reconcile;

/**
 * A change the safety policy held back this cycle, shown in status and counted in metrics.
 *
 * @param server the server concerned, or {@code *} for the whole backend
 * @param rule   the policy rule, e.g. {@code stale}, {@code shrink}, {@code removal-cap}, {@code flap}
 */
public record Held(String backend, String server, String rule, String detail) {
}
