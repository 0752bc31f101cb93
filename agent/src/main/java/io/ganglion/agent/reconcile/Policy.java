package io.ganglion.agent.reconcile;

import java.time.Instant;

/** The policy's rules, its memory of earlier cycles, and the time: all a plan depends on besides the two states. */
public record Policy(PolicyRules rules, PolicyMemory memory, Instant now) {
}
