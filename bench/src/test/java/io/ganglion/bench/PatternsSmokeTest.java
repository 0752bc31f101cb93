package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code ganglion bench patterns} from rotting: 5,000 networks loaded by {@code add map}
 * payloads into the bundled balancer's map, figures not judged, only produced.
 */
class PatternsSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        assumeTrue(Tools.find("wrk").isPresent(), "wrk is not installed (apt-get install -y wrk): smoke test skipped");
        run = HarnessRun.of("patterns", "--targets", "ganglion", "--runs", "1", "--duration", "1", "--warmup", "1",
                "--map-entries", "5000", "--out", out.toString());
    }

    @Test
    void loadsTheMapInPayloadsAndMeasuresIt() {
        assertThat(run.exitCode()).as(run.console()).isZero();
        assertThat(run.console()).contains("ganglion: 5000 entries in 6 payloads; entry_cnt=5000");
        assertThat(run.row("patterns", "CPU to load the map")).as(run.console()).matches(".*s\\s+[0-9][0-9.]*\\s.*");
        assertThat(run.row("patterns", "requests/s, map_ip, full map")).as(run.console())
                .matches(".*req/s\\s+[0-9][0-9.]*k?\\s.*");
    }
}
