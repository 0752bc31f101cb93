package io.ganglion.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The warm-up's rule, on a load whose figure and compilers are scripted. */
class WarmUpTest {
    private final AtomicLong compilerNanos = new AtomicLong();

    @Test
    void stopsAfterTheMinimumOnceTheFigureIsSteadyAndTheCompilersQuiet() {
        WarmUp.Outcome outcome = WarmUp.run(Duration.ofSeconds(4), length -> 1000, compilerNanos::get);

        assertThat(outcome).isEqualTo(new WarmUp.Outcome(4, true, 0));
    }

    @Test
    void goesOnWhileTheCompilersAreBusyEvenWithASteadyFigure() {
        int[] slices = {0};
        WarmUp.Outcome outcome = WarmUp.run(Duration.ofSeconds(4), length -> {
            // The compilers take a fifth of each of the first five slices, then nothing.
            if (++slices[0] <= 5) {
                compilerNanos.addAndGet(length.toNanos() / 5);
            }
            return 1000;
        }, compilerNanos::get);

        assertThat(slices[0]).isEqualTo(6);
        assertThat(outcome.seconds()).isEqualTo(12);
        assertThat(outcome.settled()).isTrue();
    }

    @Test
    void givesUpAtSixTimesTheMinimumAndSaysSo() {
        WarmUp.Outcome outcome = WarmUp.run(Duration.ofSeconds(2), length -> {
            compilerNanos.addAndGet(length.toNanos() / 2);
            return 1000;
        }, compilerNanos::get);

        assertThat(outcome.seconds()).isEqualTo(12);
        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.compilingShare()).isEqualTo(0.5);
    }

    @Test
    void runsNoLoadForAZeroMinimum() {
        assertThat(WarmUp.run(Duration.ZERO, length -> {
            throw new AssertionError("no slice expected");
        }, compilerNanos::get).seconds()).isZero();
    }
}
