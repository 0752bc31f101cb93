package io.ganglion.agent.status;

import java.util.List;

import io.ganglion.agent.reconcile.ActualServer;
import io.ganglion.agent.reconcile.Held;
import io.ganglion.agent.reconcile.OperatorOverride;

/**
 * One watched service as {@code /status} shows it.
 *
 * @param registry  {@code never-answered}, {@code fresh} or {@code stale}
 * @param revision  the registry revision of the newest answer (-1 before the first)
 * @param desired   {@code name address weight} per endpoint of the newest answer
 * @param lastSync  when a cycle last compared this backend (ISO-8601), or null
 * @param error     the last problem with this backend, or null
 */
public record BackendStatus(String service, String backend, String registry, long revision, int skippedEntries,
                            List<String> desired, List<ActualServer> actual, List<Held> held,
                            List<OperatorOverride> overrides, boolean converged, String lastSync, String error) {
}
