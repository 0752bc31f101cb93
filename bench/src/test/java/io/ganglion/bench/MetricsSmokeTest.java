package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics part runs against the bundled balancer with a few servers and short loads, so that it keeps working. */
class MetricsSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        run = HarnessRun.of("metrics", "--targets", "ganglion", "--metrics-servers", "20", "--runs", "1",
                "--duration", "1", "--warmup", "0", "--out", out.toString());
    }

    @Test
    void timesThePageTheCsvAndTheMetricsAndTheLoadBesideThem() {
        assertThat(run.exitCode()).as(run.console()).isZero();
        for (String answer : new String[] {"page", "csv", "/metrics"}) {
            assertThat(run.row("metrics", answer + ", time to answer")).as(run.console())
                    .matches(".*\\sms\\s+[0-9][0-9.]*\\s.*");
        }
        assertThat(run.row("metrics", "requests/s, scraped back to back")).as(run.console())
                .matches(".*\\sreq/s\\s+[0-9][0-9.k]*\\s.*");
    }
}
