package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-second estimate behind the accept rate limits, on a clock the test sets. */
class SlidingRateTest {

    @Test
    void aFullPeriodWaitsForTheNextOneThenAdmitsEventsEvenly() {
        SlidingRate rate = new SlidingRate(0);
        for (int i = 0; i < 10; i++) {
            assertThat(rate.millisBelow(10, 100)).isZero();
            rate.add(100);
        }
        assertThat(rate.perSecond(100)).isEqualTo(10);
        assertThat(rate.millisBelow(10, 100)).as("nothing more in this period").isEqualTo(901);

        // At 1000 the previous period's 10 still count fully; each 100 ms of the new one frees one event.
        assertThat(rate.perSecond(1000)).isEqualTo(10);
        assertThat(rate.millisBelow(10, 1000)).isEqualTo(1);
        assertThat(rate.millisBelow(10, 1001)).isZero();
        rate.add(1001);
        assertThat(rate.millisBelow(10, 1001)).isBetween(99L, 101L);
        assertThat(rate.millisBelow(10, 1101)).isZero();
        assertThat(rate.max()).isEqualTo(10);
    }

    @Test
    void aQuietSecondForgetsEverything() {
        SlidingRate rate = new SlidingRate(0);
        for (int i = 0; i < 50; i++) {
            rate.add(10);
        }
        assertThat(rate.perSecond(2500)).isZero();
        assertThat(rate.millisBelow(1, 2500)).isZero();
        assertThat(rate.max()).as("the maximum stays until clear counters").isEqualTo(50);
    }
}
