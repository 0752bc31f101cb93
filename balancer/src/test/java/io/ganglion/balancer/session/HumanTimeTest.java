package io.ganglion.balancer.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ages and timers as HAProxy 2.6's {@code show sess} printed them in the captures and live runs. */
class HumanTimeTest {

    @Test
    void printsWholeUnitsTruncatedToTheSecond() {
        assertThat(HumanTime.of(TimeUnit.MILLISECONDS.toNanos(999))).isEqualTo("0s");
        assertThat(HumanTime.of(TimeUnit.MILLISECONDS.toNanos(28_900))).isEqualTo("28s");
        // a prompt session 2.8 s into a 2 min stats timeout: exp=1m57s
        assertThat(HumanTime.of(TimeUnit.MILLISECONDS.toNanos(117_200))).isEqualTo("1m57s");
        assertThat(HumanTime.of(TimeUnit.SECONDS.toNanos(120))).isEqualTo("2m");
    }

    @Test
    void anUnarmedTimerIsEmpty() {
        assertThat(HumanTime.timer(-1)).isEmpty();
        assertThat(HumanTime.timer(0)).isEqualTo("0s");
    }
}
