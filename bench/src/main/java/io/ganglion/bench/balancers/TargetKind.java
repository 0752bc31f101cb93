package io.ganglion.bench.balancers;

/** What the load goes through: one column of the table. */
public enum TargetKind {
    /** The bundled balancer, started as {@code BalancerMain -f FILE} in a child JVM. */
    GANGLION("ganglion"),
    /**
     * The bundled balancer of another build ({@code --baseline DIR}: a checkout built with
     * {@code mvn -DskipTests package}), started like {@link #GANGLION}: before/after figures of a
     * change measured in one run, on the same machine state.
     */
    BASELINE("baseline"),
    /** HAProxy from the distribution's package, {@code haproxy -db -f FILE}. */
    HAPROXY("haproxy"),
    /** No balancer: the load goes straight to a backend, the physical limit of the machine. */
    DIRECT("direct"),
    /**
     * HAProxy reconfigured the way Synapse and consul-template do it: a complete configuration
     * written and HAProxy reloaded ({@code -D -sf OLDPID}) on every registry change. Only the
     * {@code converge} part has it, which starts and reloads it itself; it is measured whenever
     * {@link #HAPROXY} is a target, so {@code --targets} does not name it.
     */
    HAPROXY_RELOAD("haproxy-reload");

    private final String label;

    TargetKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isBalancer() {
        return this != DIRECT;
    }

    /** Whether the harness starts it as one process per part ({@code BalancerProcess}). */
    public boolean isStartedByHarness() {
        return this == GANGLION || this == BASELINE || this == HAPROXY;
    }

    /** Whether it is the bundled balancer (this build's or the baseline's). */
    public boolean isGanglion() {
        return this == GANGLION || this == BASELINE;
    }

    public static TargetKind fromLabel(String label) {
        for (TargetKind kind : values()) {
            if (kind != HAPROXY_RELOAD && kind.label.equalsIgnoreCase(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown target '" + label + "': expected ganglion, baseline, haproxy or direct");
    }
}
