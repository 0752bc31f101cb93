package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** HAProxy 2.6's dynamic window (checked live: two responses of 80 ms show rtime 82 there, not 1). */
class TimeAverageTest {

    @Test
    void beforeTheWindowIsFullTheAverageIsTheMeanOfEverySample() {
        TimeAverage t = new TimeAverage();
        assertThat(t.average()).isZero();
        t.add(80);
        t.add(84);
        assertThat(t.average()).isEqualTo(82);
        t.add(1);
        assertThat(t.average()).as("rounded up, as HAProxy's swrate_avg").isEqualTo(55);
        assertThat(t.max()).isEqualTo(84);
    }

    @Test
    void onceFullEachSampleReplacesOne1024thOfTheSum() {
        TimeAverage t = new TimeAverage();
        for (int i = 0; i < TimeAverage.SAMPLES; i++) {
            t.add(10);
        }
        assertThat(t.average()).isEqualTo(10);
        for (int i = 0; i < 710; i++) {
            t.add(1010);
        }
        // after n samples of 1010 the sum is about 10*1024 + 1000*1024*(1 - (1023/1024)^n): halfway at n = 710
        assertThat(t.average()).isBetween(490L, 520L);
        t.clear();
        assertThat(t.average()).isZero();
    }
}
