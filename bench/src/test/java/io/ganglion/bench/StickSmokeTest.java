package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stick part runs against the bundled balancer with a small table (a few seconds), so that it keeps working. */
class StickSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        run = HarnessRun.of("stick", "--targets", "ganglion", "--stick-entries", "2000", "--out", out.toString());
    }

    @Test
    void measuresTheInsertsTheMemoryAndTheDump() {
        assertThat(run.exitCode()).as(run.console()).isZero();
        assertThat(run.row("stick", "set table, CPU")).as(run.console()).matches(".*\\ss\\s+[0-9][0-9.]*\\s.*");
        assertThat(run.row("stick", "memory per entry (RSS)")).as(run.console()).matches(".*\\sB\\s+-?[0-9][0-9.]*\\s.*");
        assertThat(run.row("stick", "show table, all, CPU")).as(run.console()).matches(".*\\ss\\s+[0-9][0-9.]*\\s.*");
        assertThat(run.console()).contains("ganglion: show table listed 2002 lines");
    }
}
