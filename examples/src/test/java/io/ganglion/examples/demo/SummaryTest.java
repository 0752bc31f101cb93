package io.ganglion.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The summary's shape that scripts rely on, and the arithmetic of the shares it shows. */
class SummaryTest {

    @Test
    void anIntervalCountsOnlyWhatHappenedInItAndSharesAreWholePercents() {
        Tally before = new Tally(100, 1, Map.of("web-1", 50L, "web-2", 49L));
        Tally after = new Tally(400, 1, Map.of("web-1", 140L, "web-2", 259L, "web-3", 0L));

        Tally interval = after.minus(before);

        assertThat(interval.sent()).isEqualTo(300);
        assertThat(interval.failed()).isZero();
        assertThat(interval.served()).containsOnly(Map.entry("web-1", 90L), Map.entry("web-2", 210L));
        assertThat(interval.shares()).isEqualTo("web-1 30% web-2 70%");
        assertThat(interval.sharePercent("web-3")).isZero();
        assertThat(Tally.ZERO.shares()).isEqualTo("-");
    }

    @Test
    void theLastLineIsTheCountsAndAFailureIsShownAboveIt() {
        StepResult step = new StepResult("scale out", Duration.ofSeconds(5), Optional.of(Duration.ofMillis(1200)),
                "converged in 1.2s", new Tally(1000, 0, Map.of("web-1", 500L, "web-2", 500L)));
        Tally total = new Tally(2000, 2, Map.of("web-1", 999L, "web-2", 999L));

        List<String> lines = Summary.lines(List.of(step), total, "HTTP 503: no server");

        assertThat(lines.get(0)).isEqualTo("== summary");
        assertThat(lines.get(2)).contains("scale out").contains("5.0s").contains("converged in 1.2s").contains("1000")
                .endsWith("web-1 50% web-2 50%");
        assertThat(lines).contains("last failure: HTTP 503: no server");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("requests: 2000, failed: 2");
        assertThat(Summary.lines(List.of(), new Tally(5, 0, Map.of("web-1", 5L)), "")).last()
                .isEqualTo("requests: 5, failed: 0");
    }

    @Test
    void theInstanceIsReadBackFromTheAgentsServerName() {
        assertThat(ServerRow.instanceOf("g-web-3_127.0.0.1:40767")).isEqualTo("web-3");
        assertThat(ServerRow.instanceOf("static1")).isEqualTo("static1");
    }
}
