package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code ganglion bench tls} from rotting: both balancers started, their loads alternated,
 * every row filled for both; the figures are not judged.
 */
class TlsSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        assumeTrue(Tools.find("wrk").isPresent(), "wrk is not installed (apt-get install -y wrk): smoke test skipped");
        assumeTrue(Tools.find("haproxy").isPresent(), "haproxy is not installed: smoke test skipped");
        run = HarnessRun.of("tls", "--targets", "ganglion,haproxy", "--runs", "1", "--duration", "1", "--warmup", "1",
                "--out", out.toString());
    }

    @Test
    void measuresBothBalancersOnEveryRow() {
        assertThat(run.exitCode()).as(run.console()).isZero();
        String twoFigures = "\\s+[0-9][0-9.]*k?\\s+[0-9][0-9.]*k?\\s+-\\s+[0-9][0-9.]*\\s.*";
        for (String row : new String[] {"full handshakes, ECDSA P-256", "CPU per full ECDSA handshake",
                "full handshakes, RSA 2048", "resumed handshakes (tickets)", "keep-alive HTTPS requests"}) {
            assertThat(run.row("tls", row)).as(run.console()).matches(".*" + java.util.regex.Pattern.quote(row)
                    + "\\s+\\S+" + twoFigures);
        }
    }
}
