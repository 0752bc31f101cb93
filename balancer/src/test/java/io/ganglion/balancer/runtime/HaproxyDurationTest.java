package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HaproxyDurationTest {

    @ParameterizedTest(name = "''{0}'' is {1} s")
    @CsvSource({
        "5, 5", "5s, 5", "500ms, 1", "1500ms, 2", "1us, 1", "2m, 120", "1h, 3600", "1d, 86400",
        "0, 0", "5sx, 5", // HAProxy only warns about characters after the unit
        "5x, -1", "abc, -1", "-1, -1", "'', -1", "2147483648, -1", "99999999999999999999999d, -1",
    })
    void readsTimesTheWayHaproxyDoes(String text, long seconds) {
        assertThat(HaproxyDuration.parseSeconds(text)).isEqualTo(seconds);
    }
}
