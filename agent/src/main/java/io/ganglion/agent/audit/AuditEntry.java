package io.ganglion.agent.audit;

import java.time.Instant;

/**
 * One thing the agent did, or tried: what, to which server, why, and how it went.
 *
 * @param action e.g. {@code add}, {@code drain}, {@code delete}, {@code weight}, {@code release}
 * @param detail the action's arguments, e.g. {@code 10.0.0.5:8080 weight 1}
 * @param cause  e.g. {@code registry: api at zxid 4711}, {@code operator: released to the agent}
 * @param result {@code ok}, or the balancer's refusal as it wrote it
 */
public record AuditEntry(Instant time, String backend, String server, String action, String detail, String cause,
                         String result) {
}
