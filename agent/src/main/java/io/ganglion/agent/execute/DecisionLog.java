package io.ganglion.agent.execute;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.agent.audit.AuditTrail;
import io.ganglion.agent.reconcile.Held;
import io.ganglion.agent.reconcile.OperatorOverride;
import io.ganglion.agent.reconcile.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what the policy holds back and the operator overrides it finds, one line when a decision
 * starts and one when it ends, not one per cycle; an override found also goes to the audit trail
 * (a restarted agent records again what it read back). Confined to the reconcile thread.
 */
final class DecisionLog {

    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private final AuditTrail audit;

    /**
     * How long waiting for a registry's first answer is the normal start of an agent rather than
     * a problem: the wait is logged at INFO, and at WARN once it lasts this long.
     */
    static final Duration FIRST_ANSWER_PATIENCE = Duration.ofSeconds(10);
    private static final String NEVER_ANSWERED = "never-answered";

    private final Map<String, Set<String>> heldBefore = new HashMap<>();
    /** Since when each backend waits for its registry's first answer, until it is warned about. */
    private final Map<String, Instant> waitingSince = new HashMap<>();
    private final Map<String, Set<String>> overridesBefore = new HashMap<>();

    DecisionLog(AuditTrail audit) {
        this.audit = audit;
    }

    /** The first answer awaited: INFO at the start, WARN once, when it lasts {@link #FIRST_ANSWER_PATIENCE}. */
    private void recordWait(String service, String backend, Held h, Instant now) {
        Instant since = waitingSince.get(backend);
        if (since == null) {
            waitingSince.put(backend, now);
            log.info("{} ({}): waiting for the registry's first answer; nothing is added or removed until then",
                    backend, service);
        } else if (!since.equals(Instant.MIN) && !now.isBefore(since.plus(FIRST_ANSWER_PATIENCE))) {
            waitingSince.put(backend, Instant.MIN); // warned: not again until it has answered
            log.warn("{}/{} ({}): held by policy rule '{}': {} (for {} s)", backend, h.server(), service, h.rule(),
                    h.detail(), Duration.between(since, now).toSeconds());
        }
    }

    void record(String service, String backend, Plan plan, Instant now) {
        Set<String> held = new HashSet<>();
        for (Held h : plan.held()) {
            String key = h.server() + " " + h.rule();
            held.add(key);
            if (h.rule().equals(NEVER_ANSWERED)) {
                recordWait(service, backend, h, now);
            } else if (!heldBefore.getOrDefault(backend, Set.of()).contains(key)) {
                log.warn("{}/{} ({}): held by policy rule '{}': {}", backend, h.server(), service, h.rule(), h.detail());
            }
        }
        if (held.stream().noneMatch(k -> k.endsWith(" " + NEVER_ANSWERED))) {
            waitingSince.remove(backend);
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
                String setting = setting(o);
                log.warn("{}/{} ({}): operator override kept until released: {}", backend, o.server(), service, setting);
                audit.record(new AuditEntry(now, backend, o.server(), "override", setting,
                        "operator: set by hand over the socket, kept until released", "kept"));
            }
        }
        overridesBefore.put(backend, overrides);
    }

    /** {@code state DRAIN}, {@code weight 50}, or both. */
    private static String setting(OperatorOverride o) {
        String state = o.mode() == null ? "" : "state " + o.mode();
        String weight = o.weight() < 0 ? "" : "weight " + o.weight();
        return state.isEmpty() || weight.isEmpty() ? state + weight : state + ", " + weight;
    }
}
