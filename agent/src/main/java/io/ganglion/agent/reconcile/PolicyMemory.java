package io.ganglion.agent.reconcile;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the policy remembers about one backend between cycles. Immutable: each {@link Plan}
 * carries the next one. Lost on an agent restart by design; everything here either rebuilds from
 * the balancer and the registries within a cycle or two, or errs on the side of changing nothing
 * (operator overrides are read back from the balancer: see {@link Reconciler}).
 *
 * @param accepted         server names of the last answer the policy accepted (the shrink baseline)
 * @param pendingShrink    a sharply shrunken answer waiting for confirmation
 * @param drainingSince    servers the agent is removing, and when it started draining them
 * @param appearances      per server, when its endpoint (re)appeared in the registry (flap damping)
 * @param lastSeen         server names in the previous answer
 * @param ownWeights       per server, the weights this agent set, or saw equal to the registry's,
 *                         since it last saw the server at the registry's weight: with the
 *                         registry's weight and the server's initial weight, the weights that are
 *                         not an operator's (a change under way may land after the registry moved on)
 * @param adding           servers the agent added and has not yet seen enabled
 * @param overrides        operator overrides in force
 * @param released         servers handed back by an operator: the next cycle repairs them
 */
public record PolicyMemory(Set<String> accepted, Optional<PendingShrink> pendingShrink,
                           Map<String, Instant> drainingSince, Map<String, List<Instant>> appearances,
                           Set<String> lastSeen, Map<String, Set<Integer>> ownWeights, Set<String> adding,
                           Map<String, OperatorOverride> overrides, Set<String> released) {

    /** An answer that lost too much at once, and since when the registry has been saying it. */
    public record PendingShrink(Set<String> names, Instant since) {
        public PendingShrink {
            names = Set.copyOf(names);
        }
    }

    public static final PolicyMemory EMPTY = new PolicyMemory(Set.of(), Optional.empty(), Map.of(), Map.of(),
            Set.of(), Map.of(), Set.of(), Map.of(), Set.of());

    public PolicyMemory {
        accepted = Set.copyOf(accepted);
        drainingSince = Map.copyOf(drainingSince);
        appearances = Map.copyOf(appearances);
        lastSeen = Set.copyOf(lastSeen);
        Map<String, Set<Integer>> ownCopy = new HashMap<>();
        ownWeights.forEach((server, weights) -> ownCopy.put(server, Set.copyOf(weights)));
        ownWeights = Map.copyOf(ownCopy);
        adding = Set.copyOf(adding);
        overrides = Map.copyOf(overrides);
        released = Set.copyOf(released);
    }

    /** Hands a server back to the agent: its override ends and the next cycle repairs it. */
    public PolicyMemory release(String server) {
        Map<String, OperatorOverride> keptOverrides = new HashMap<>(overrides);
        keptOverrides.remove(server);
        Set<String> nowReleased = new HashSet<>(released);
        nowReleased.add(server);
        return new PolicyMemory(accepted, pendingShrink, drainingSince, appearances, lastSeen, ownWeights,
                adding, keptOverrides, nowReleased);
    }
}
