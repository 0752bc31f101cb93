package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
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

    @Test
    void eventsAddedByTwoLoopsAtOnceAreAllCounted() throws Exception {
        // every event loop accepts on a socket of its own and counts its accepts here
        // (a plain read-increment-write lost 2-12% of 10 million here; 200,000 were too few to overlap)
        SlidingRate rate = new SlidingRate(0);
        int each = 5_000_000;
        CyclicBarrier together = new CyclicBarrier(2);
        Thread[] loops = new Thread[2];
        for (int t = 0; t < loops.length; t++) {
            loops[t] = new Thread(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++) {
                    rate.add(500);
                }
            });
            loops[t].start();
        }
        for (Thread t : loops) {
            t.join();
        }
        assertThat(rate.perSecond(500)).isEqualTo(2 * each);
        assertThat(rate.max()).isEqualTo(2 * each);
    }
}
