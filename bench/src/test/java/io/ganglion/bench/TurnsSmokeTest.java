package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the parts that take their targets in turns ({@code http}, {@code rules}, {@code tls}) from
 * rotting: both balancers started side by side, their runs alternated, every row filled for both;
 * the figures are not judged. One harness run for the three.
 */
class TurnsSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        assumeTrue(Tools.find("wrk").isPresent(), "wrk is not installed (apt-get install -y wrk): smoke test skipped");
        assumeTrue(Tools.find("haproxy").isPresent(), "haproxy is not installed: smoke test skipped");
        assumeTrue(Tools.find("openssl").isPresent(), "openssl is not installed: smoke test skipped");
        run = HarnessRun.of("http", "rules", "tls", "--targets", "ganglion,haproxy", "--runs", "1", "--duration", "1",
                "--warmup", "1", "--out", out.toString());
    }

    @Test
    void measuresBothBalancersOnEveryRow() {
        assertThat(run.exitCode()).as(run.console()).isZero();
        String twoFigures = "\\s+[0-9][0-9.]*k?\\s+[0-9][0-9.]*k?\\s+-\\s+[0-9][0-9.]*\\s.*";
        String[][] rows = {{"http keep-alive", "requests/s"}, {"http keep-alive", "CPU per request"},
            {"http close", "requests/s"}, {"http close", "CPU per request"}, {"rules fe_main", "requests/s"},
            {"rules fe_main", "CPU per request"}, {"tls", "full handshakes, ECDSA P-256"},
            {"tls", "CPU per full ECDSA handshake"}, {"tls", "full handshakes, RSA 2048"},
            {"tls", "resumed handshakes (tickets)"}, {"tls", "keep-alive HTTPS requests"}};
        for (String[] row : rows) {
            assertThat(run.row(row[0], row[1])).as(run.console())
                    .matches(".*" + Pattern.quote(row[1]) + "\\s+\\S+" + twoFigures);
        }
    }
}
