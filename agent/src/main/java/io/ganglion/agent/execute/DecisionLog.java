package io.ganglion.agent.execute;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.ganglion.agent.reconcile.Held;
import io.ganglion.agent.reconcile.OperatorOverride;
import io.ganglion.agent.reconcile.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what the policy holds back and the operator overrides it finds, one line when a decision
 * starts and one when it ends, not one per cycle. Confined to the reconcile thread.
 */
final class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private final Map<String, Set<String>> heldBefore = new HashMap<>();
    private final Map<String, Set<String>> overridesBefore = new HashMap<>();

    void record(String service, String backend, Plan plan) {
        Set<String> held = new HashSet<>();
        for (Held h : plan.held()) {
            String key = h.server() + " " + h.rule();
            held.add(key);
            if (!heldBefore.getOrDefault(backend, Set.of()).contains(key)) {
                log.warn("{}/{} ({}): held by policy rule '{}': {}", backend, h.server(), service, h.rule(), h.detail());
            }
        }
        for (String key : heldBefore.getOrDefault(backend, Set.of())) {
            if (!held.contains(key)) {
                String[] parts = key.split(" ", 2);
                log.info("{}/{} ({}): no longer held by policy rule '{}'", backend, parts[0], service, parts[1]);
            }
        }
        heldBefore.put(backend, held);

        Set<String> overrides = new HashSet<>();
        for (OperatorOverride o : plan.overrides()) {
            String key = o.server() + " " + o.mode() + " " + o.weight();
            overrides.add(key);
            if (!overridesBefore.getOrDefault(backend, Set.of()).contains(key)) {
                log.warn("{}/{} ({}): operator override kept until released: {}{}", backend, o.server(), service,
                        o.mode() == null ? "" : "state " + o.mode(), o.weight() < 0 ? "" : " weight " + o.weight());
            }
        }
        overridesBefore.put(backend, overrides);
    }
}
