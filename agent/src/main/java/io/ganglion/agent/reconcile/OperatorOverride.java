package io.ganglion.agent.reconcile;

import java.time.Instant;

/**
 * A setting an operator made by hand over the socket, kept by the agent until released.
 *
 * @param mode   the admin state the operator set, or null when only the weight was changed
 * @param weight the weight the operator set, or -1 when only the state was changed
 */
public record OperatorOverride(String backend, String server, ServerMode mode, int weight, Instant since) {
}
