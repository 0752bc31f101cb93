package io.ganglion.runtime.balancers;

import java.util.Arrays;
import java.util.stream.Stream;

/** One parameter of the integration suite: a balancer target reached one way. */
public record Case(BalancerTarget target, Access access) {

    /** Every target × every access; the parameter source of the integration suite. */
    public static Stream<Case> all() {
        return BalancerTargets.ALL.stream().flatMap(t -> Arrays.stream(Access.values()).map(a -> new Case(t, a)));
    }

    @Override
    public String toString() {
        return target.name() + " / " + access;
    }
}
