package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the harness from rotting: runs it for a second per figure against the bundled
 * balancer only (CI does not run the benchmarks themselves). A second of warm-up comes first: the
 * first requests to a cold JVM on a busy machine can take longer than a one-second run. The figures are not judged, only that
 * the harness produced them: a table row with a number, and the CSV/JSON files.
 */
class BenchSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        assumeTrue(Tools.find("wrk").isPresent(), "wrk is not installed (apt-get install -y wrk): smoke test skipped");
        run = HarnessRun.of("http", "tcp", "socket",
                "--targets", "ganglion", "--runs", "1", "--duration", "1", "--warmup", "1",
                "--idle-connections", "50", "--socket-servers", "10", "--out", out.toString());
    }

    @Test
    void exitsCleanly() {
        assertThat(run.exitCode()).as(run.console()).isZero();
    }

    @Test
    void printsAKeepAliveRequestRateForTheBundledBalancer() {
        assertThat(run.row("http keep-alive", "requests/s")).as(run.console()).matches(".*req/s\\s+[0-9][0-9.]*k?\\s.*");
    }

    /** The JIT compilers' CPU in the timed runs: a JVM still compiling after the warm-up shows here, not as data-path CPU. */
    @Test
    void printsTheJitCompilersShareOfTheKeepAliveCpu() {
        assertThat(run.row("http keep-alive", "of which JIT compilers")).as(run.console()).matches(".*us\\s+[0-9][0-9.]*k?\\s.*");
    }

    @Test
    void printsATcpThroughputForTheBundledBalancer() {
        assertThat(run.row("tcp", "single stream")).as(run.console()).matches(".*MB/s\\s+[0-9][0-9.]*k?\\s.*");
    }

    @Test
    void socketFiguresAreMeasuredOrExplained() {
        String row = run.row("socket", "set weight, conn/cmd");
        if (row.contains("n/a")) {
            assertThat(run.console()).containsPattern("socket, ganglion: not available: .+");
        } else {
            assertThat(row).matches(".*cmd/s\\s+[0-9][0-9.]*k?\\s.*");
        }
    }

    @Test
    void writesCsvAndJsonWithTheFigures() throws Exception {
        List<Path> files;
        try (Stream<Path> listing = Files.list(out)) {
            files = listing.filter(p -> p.getFileName().toString().startsWith("bench-")).toList();
        }
        Path csv = files.stream().filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
        Path json = files.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        assertThat(Files.readString(csv)).startsWith("section,metric,unit,target,median")
                .contains("http keep-alive,requests/s,req/s,ganglion,");
        assertThat(Files.readString(json)).contains("\"command\"", "\"figures\"", "\"target\" : \"ganglion\"");
    }
}
