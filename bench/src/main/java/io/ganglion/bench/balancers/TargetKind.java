package io.ganglion.bench.balancers;

/** What the load goes through: one column of the table. */
public enum TargetKind {
    /** The bundled balancer, started as {@code BalancerMain -f FILE} in a child JVM. */
    GANGLION("ganglion"),
    /** HAProxy from the distribution's package, {@code haproxy -db -f FILE}. */
    HAPROXY("haproxy"),
    /** No balancer: the load goes straight to a backend, the physical limit of the machine. */
    DIRECT("direct");

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

    public static TargetKind fromLabel(String label) {
        for (TargetKind kind : values()) {
            if (kind.label.equalsIgnoreCase(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown target '" + label + "': expected ganglion, haproxy or direct");
    }
}
