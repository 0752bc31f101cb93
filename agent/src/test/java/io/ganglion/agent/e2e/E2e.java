package io.ganglion.agent.e2e;

import java.time.Duration;
import java.util.stream.Stream;

/** What every end-to-end test shares: the targets it runs against and how long it waits. */
final class E2e {

    /** An upper bound for any single wait: the tests assert behaviour, not speed, on a shared machine. */
    static final Duration GENEROUS = Duration.ofSeconds(60);

    private E2e() {
    }

    /** For {@code @MethodSource("io.ganglion.agent.e2e.E2e#targets")}. */
    static Stream<BalancerTarget> targets() {
        return BalancerTarget.ALL.stream();
    }
}
