package io.ganglion.balancer.rules;

import io.ganglion.balancer.proxy.stream.Stream;

/**
 * An {@code if} / {@code unless} condition compiled at load: OR of AND-groups of ACLs, each maybe
 * negated, as HAProxy evaluates them (left to right, stopping at the first decisive term).
 */
public final class Condition {
    /** Always true: a rule without condition. */
    public static final Condition ALWAYS = new Condition(new Acl[0][], new boolean[0][], false);

    private final Acl[][] groups;
    private final boolean[][] negated;
    private final boolean unless;

    Condition(Acl[][] groups, boolean[][] negated, boolean unless) {
        this.groups = groups;
        this.negated = negated;
        this.unless = unless;
    }

    public boolean test(Stream stream, Object message) {
        if (groups.length == 0) {
            return true;
        }
        boolean any = false;
        for (int g = 0; g < groups.length && !any; g++) {
            boolean all = true;
            for (int t = 0; t < groups[g].length && all; t++) {
                all = groups[g][t].test(stream, message) != negated[g][t];
            }
            any = all;
        }
        return any != unless;
    }
}
