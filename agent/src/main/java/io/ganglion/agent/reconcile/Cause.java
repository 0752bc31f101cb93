package io.ganglion.agent.reconcile;

/** Why the agent did (or held back) something: what an operator reads in the audit trail. */
public record Cause(Kind kind, String text) {

    public enum Kind {
        /** A registry answer, named by its revision. */
        REGISTRY,
        /** The balancer differed from what the agent had set (a restart, a hand edit). */
        DRIFT,
        /** A safety-policy rule. */
        POLICY,
        /** An operator's command (an override, a release). */
        OPERATOR,
        /** A local health check (registration). */
        CHECK
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + text;
    }
}
