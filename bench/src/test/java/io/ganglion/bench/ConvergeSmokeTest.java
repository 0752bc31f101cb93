package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code ganglion bench converge} from rotting: a few registry changes against the bundled
 * balancer only (the agent as its own process, a real in-process ZooKeeper, load through the
 * balancer). Only that the figures were produced is checked: timing is the benchmark's business,
 * and the failed-request count must be a number, whatever it is.
 */
class ConvergeSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        run = HarnessRun.of("converge", "--targets", "ganglion", "--converge-changes", "8", "--converge-warmup", "0",
                "--converge-rate", "300", "--warmup", "1", "--out", out.toString());
    }

    @Test
    void exitsCleanly() {
        assertThat(run.exitCode()).as(run.console()).isZero();
    }

    @Test
    void printsConvergenceTimesForTheAgentWithTheBundledBalancer() {
        assertThat(run.row("converge", "p50, all changes")).as(run.console()).matches(".*ms\\s+[0-9][0-9.]*k?\\s.*");
        assertThat(run.row("converge", "p99, all changes")).as(run.console()).matches(".*ms\\s+[0-9][0-9.]*k?\\s.*<=25ms, <=1.5x");
    }

    @Test
    void reportsTheFailedRequestsAsANumberWithTheChangesAndRequestsThatCount() {
        // the 8 timed changes and the warm-up's
        assertThat(run.row("converge", "changes under load")).as(run.console()).matches(".*changes\\s+([89]|[1-9][0-9]+)\\s.*");
        assertThat(run.row("converge", "requests under load")).as(run.console()).matches(".*req\\s+[0-9][0-9.]*k?\\s.*");
        assertThat(run.row("converge", "failed requests")).as(run.console()).matches(".*req\\s+[0-9]+\\s.*");
    }

    @Test
    void warmsTheSidecarWithLoadAndChangesBeforeTheTimedOnesAndReportsItsCompilersDuringThem() {
        assertThat(run.row("converge", "warm-up before the changes")).as(run.console()).matches(".*s\\s+[1-9][0-9]*\\s.*");
        assertThat(run.row("converge", "balancer JIT CPU, timed changes")).as(run.console()).matches(".*s\\s+[0-9][0-9.]*\\s.*");
        assertThat(run.console()).contains("of load and changes before the timed ones");
    }

    @Test
    void writesTheFiguresAndEveryTimedChange() throws Exception {
        Path csv;
        try (Stream<Path> listing = Files.list(out)) {
            csv = listing.filter(p -> p.getFileName().toString().matches("bench-.*\\.csv")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(csv)).contains("converge,failed requests,req,ganglion,");
        assertThat(Files.readAllLines(out.resolve("logs").resolve("converge-ganglion-changes.csv")))
                .hasSize(9).first().isEqualTo("change,kind,written,ms");
    }
}
