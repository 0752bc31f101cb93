package io.ganglion.agent.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

class CycleTimesTest {

    private final CycleTimes times = new CycleTimes(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void theResyncVariesByATenthEitherWay() {
        assertThat(times.jitteredResync(() -> 0.0)).isEqualTo(Duration.ofMillis(4500));
        assertThat(times.jitteredResync(() -> 0.5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(times.jitteredResync(() -> Math.nextDown(1.0))).isLessThanOrEqualTo(Duration.ofMillis(5500))
                .isGreaterThan(Duration.ofMillis(5499));
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Duration d = times.jitteredResync(ThreadLocalRandom.current()::nextDouble);
            assertThat(d).isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500));
            seen.add(d);
        }
        assertThat(seen).as("not the same every time").hasSizeGreaterThan(1);
    }
}
