package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the {@code footprint} part working (CI does not run the benchmarks): the agent as its own
 * process with the bundled balancer it starts (and its standby, when one is kept), 20 instances
 * instead of 1,000, two seconds of load after two of warm-up (a cold JVM on a busy machine may
 * answer nothing in its first). The figures are not judged, only that each process of the sidecar
 * got one.
 */
class FootprintSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        assumeTrue(Tools.find("wrk").isPresent(), "wrk is not installed (apt-get install -y wrk): smoke test skipped");
        run = HarnessRun.of("footprint", "--targets", "ganglion", "--runs", "1", "--duration", "2", "--warmup", "2",
                "--footprint-servers", "20", "--out", out.toString());
    }

    @Test
    void measuresEveryProcessOfTheSidecarIdleAndUnderLoad() {
        assertThat(run.exitCode()).as(run.console()).isZero();
        // No "standby RSS": the agent keeps no standby unless its YAML asks (issue 18).
        for (String row : new String[] {"agent RSS", "balancer RSS", "sidecar RSS"}) {
            assertThat(run.row("footprint idle", row)).as(run.console()).matches(".*MiB\\s+[0-9][0-9.]*\\s.*");
            assertThat(run.row("footprint under load", row)).as(run.console()).matches(".*MiB\\s+[0-9][0-9.]*\\s.*");
        }
    }
}
