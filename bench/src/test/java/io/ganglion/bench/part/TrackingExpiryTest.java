package io.ganglion.bench.part;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackingExpiryTest {
    @Test
    void aMillionEntriesExpireAfterTheWholeInsertTime() {
        assertThat(TrackingPart.expireSeconds(1_000_000)).isEqualTo(45);
    }

    @Test
    void fewerEntriesExpireInProportion() {
        assertThat(TrackingPart.expireSeconds(500_000)).isEqualTo(23);
        assertThat(TrackingPart.expireSeconds(2_000_000)).isEqualTo(90);
    }

    @Test
    void aSmallTableStillOutlastsTheLoadsLeadIn() {
        assertThat(TrackingPart.expireSeconds(1000)).isEqualTo(8);
    }
}
