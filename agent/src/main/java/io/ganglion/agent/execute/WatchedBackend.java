package io.ganglion.agent.execute;

import java.util.List;

import io.ganglion.agent.reconcile.PolicyRules;
import io.ganglion.registry.ServiceWatcher;

/**
 * One {@code watch:} entry, wired: the watcher that follows the service and everything the
 * reconciler needs to fill its backend.
 *
 * @param revisionName what the registry calls its revision ({@code zxid}, {@code consul index})
 */
public record WatchedBackend(String service, String backend, ServiceWatcher watcher, List<String> serverOptions,
                             boolean managed, PolicyRules rules, String revisionName) {

    public WatchedBackend {
        serverOptions = List.copyOf(serverOptions);
    }
}
