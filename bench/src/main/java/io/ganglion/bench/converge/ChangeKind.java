package io.ganglion.bench.converge;

/**
 * The registry changes of the benchmark, in the order one instance goes through them: it is
 * added, its weight set to 0, set back to 1, and it is removed. A change either brings the
 * instance into the balancer's rotation (seen at the first request it answers) or takes it out
 * (seen at the last request it answers).
 */
public enum ChangeKind {
    ADD("add", true),
    WEIGHT_OUT("weight", false),
    WEIGHT_IN("weight", true),
    REMOVE("remove", false);

    private final String group;
    private final boolean entersRotation;

    ChangeKind(String group, boolean entersRotation) {
        this.group = group;
        this.entersRotation = entersRotation;
    }

    /** The row its figures go to: {@code add}, {@code weight} or {@code remove}. */
    public String group() {
        return group;
    }

    public boolean entersRotation() {
        return entersRotation;
    }

    /** The {@code n}-th change of a run (0-based): the cycle above, over and over. */
    static ChangeKind nth(int n) {
        return values()[n % values().length];
    }
}
