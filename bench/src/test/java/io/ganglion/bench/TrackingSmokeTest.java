package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code tracking} from rotting: both balancers started side by side, their runs alternated,
 * every row filled for both; the figures are not judged. Apart from {@link TurnsSmokeTest}, which
 * takes two minutes already: its expiry phase waits for the entries' expiry, one target after the
 * other (8 s each for the thousand entries set here).
 */
class TrackingSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        HarnessRun.assumeInstalled("wrk", "haproxy");
        run = HarnessRun.of("tracking", "--targets", "ganglion,haproxy", "--runs", "1", "--duration", "1",
                "--warmup", "1", "--stick-entries", "1000", "--out", out.toString());
    }

    @Test
    void measuresBothBalancersOnEveryRow() {
        assertThat(run.exitCode()).as(run.console()).isZero();
        run.assertMeasuredOnBothBalancers("tracking", "fe_main requests/s (1 address, wrk)",
                "no table, requests/s (1 address, wrk)", "fe_main / no table (1 address)",
                "fe_main requests/s (50,000 addresses)", "no table, requests/s (50,000 addresses)",
                "fe_main / no table (50,000 addresses)", "steady load p99.9, no expiry",
                "p99.9 while the entries expire", "max while the entries expire");
    }

    @Test
    void setsTheEntriesInEachBalancer() {
        assertThat(run.console()).contains("ganglion: 1000 entries set in", "haproxy: 1000 entries set in");
    }
}
