package io.ganglion.agent.execute;

import java.util.List;
import java.util.Optional;

import io.ganglion.agent.reconcile.PolicyRules;
import io.ganglion.agent.reconcile.WeightRules;
import io.ganglion.registry.ServiceWatcher;

/**
 * One {@code watch:} entry, wired: the watcher that follows the service and everything the
 * reconciler needs to fill its backend.
 *
 * @param revisionName what the registry calls its revision ({@code zxid}, {@code consul index})
 * @param slotPrefix   slot mode's {@code server-template} prefix, if the backend is filled by slots
 */
public record WatchedBackend(String service, String backend, ServiceWatcher watcher, List<String> serverOptions,
                             boolean managed, PolicyRules rules, String revisionName, Optional<String> slotPrefix,
                             WeightRules weights) {

    public WatchedBackend {
        serverOptions = List.copyOf(serverOptions);
    }
}
