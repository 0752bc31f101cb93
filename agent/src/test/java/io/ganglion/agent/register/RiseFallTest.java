package io.ganglion.agent.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RiseFallTest {

    @Test
    void startsUnhealthyRisesAfterRisePassesAndFallsAfterFallFailures() {
        RiseFall state = new RiseFall(2, 3);
        assertThat(state.healthy()).isFalse();
        assertThat(state.record(true)).isFalse();
        assertThat(state.record(true)).isTrue();
        assertThat(state.record(false)).isTrue();
        assertThat(state.record(false)).isTrue();
        assertThat(state.record(false)).isFalse();
    }

    @Test
    void anInterruptedStreakStartsOver() {
        RiseFall state = new RiseFall(2, 2);
        state.record(true);
        state.record(false);
        assertThat(state.record(true)).as("one pass after a failure is not two in a row").isFalse();
        assertThat(state.record(true)).isTrue();
    }

    @Test
    void refusesZero() {
        assertThatThrownBy(() -> new RiseFall(0, 1)).hasMessage("rise and fall must be 1 or more, got 0 and 1");
    }
}
