package io.ganglion.agent.reconcile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.ganglion.registry.ServiceSnapshot;

/**
 * What one watch asks of one backend.
 *
 * @param snapshot      the registry's newest answer; empty while it has never answered, which
 *                      is not the same as a fresh answer with no endpoints
 * @param serverOptions words added to every {@code add server}, e.g. {@code check inter 2s}
 * @param managed       true: servers the agent did not create are removed too
 * @param revisionName  what the registry calls its revision in causes ({@code zxid}, {@code consul index})
 * @param slotPrefix    slot mode: the {@code server-template} prefix whose slots the agent fills
 *                      and frees instead of adding and deleting servers
 * @param weights       how the registry's instances get their weights
 */
public record DesiredBackend(String service, String backend, Optional<ServiceSnapshot> snapshot,
                             List<String> serverOptions, boolean managed, String revisionName,
                             Optional<String> slotPrefix, WeightRules weights) {

    /** With the registry's weights as they are. */
    public DesiredBackend(String service, String backend, Optional<ServiceSnapshot> snapshot,
                          List<String> serverOptions, boolean managed, String revisionName,
                          Optional<String> slotPrefix) {
        this(service, backend, snapshot, serverOptions, managed, revisionName, slotPrefix, WeightRules.REGISTRY);
    }

    public DesiredBackend {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(snapshot, "snapshot");
        serverOptions = List.copyOf(serverOptions);
        Objects.requireNonNull(revisionName, "revisionName");
        Objects.requireNonNull(slotPrefix, "slotPrefix");
        Objects.requireNonNull(weights, "weights");
    }
}
