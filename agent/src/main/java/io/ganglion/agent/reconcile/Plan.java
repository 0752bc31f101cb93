package io.ganglion.agent.reconcile;

import java.util.List;

/**
 * The result of one {@link Reconciler#plan}: what to change, what the policy held back, the
 * operator overrides in force, the policy's memory for the next cycle, and whether the backend
 * already equals the registry (nothing to do, nothing held, nothing still draining).
 */
public record Plan(List<Action> actions, List<Held> held, List<OperatorOverride> overrides, PolicyMemory next,
                   boolean converged) {

    public Plan {
        actions = List.copyOf(actions);
        held = List.copyOf(held);
        overrides = List.copyOf(overrides);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
