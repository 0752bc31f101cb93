package io.ganglion.agent.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RefusalLogTest {

    private static final String KEY = "be_api/g-lost_no-such-host.invalid:8080";
    private static final String UNRESOLVED = "'add server ...' refused: could not resolve address 'no-such-host.invalid'.";
    private final RefusalLog log = new RefusalLog();
    private final Instant start = Instant.parse("2026-12-02T18:00:00Z");

    @Test
    void theSameRefusalWarnsOnceThenAfterOneMinuteThenTwiceAsLateEachTime() {
        assertThat(log.shouldWarn(KEY, UNRESOLVED, start)).isZero();
        assertThat(log.shouldWarn(KEY, UNRESOLVED, start.plusSeconds(1))).isNull();
        assertThat(log.shouldWarn(KEY, UNRESOLVED, start.plusSeconds(3))).isNull();
        assertThat(log.shouldWarn(KEY, UNRESOLVED, start.plusSeconds(60))).as("refusals since the last warning").isEqualTo(3);
        assertThat(log.shouldWarn(KEY, UNRESOLVED, start.plusSeconds(170))).isNull();
        assertThat(log.shouldWarn(KEY, UNRESOLVED, start.plusSeconds(180))).isEqualTo(2);
    }

    @Test
    void aChangedRefusalOrOneAfterASuccessIsNewsAgain() {
        log.shouldWarn(KEY, UNRESOLVED, start);
        assertThat(log.shouldWarn(KEY, "'add server ...' refused: unknown keyword 'bogus'.", start.plusSeconds(1))).isZero();
        log.succeeded(KEY);
        assertThat(log.shouldWarn(KEY, UNRESOLVED, start.plusSeconds(2))).isZero();
        assertThat(log.shouldWarn("be_api/other", UNRESOLVED, start.plusSeconds(2))).as("per server").isZero();
    }
}
