package io.ganglion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the parts that take their targets in turns ({@code http}, {@code rules}, {@code tls},
 * {@code patterns}) from rotting: both balancers started side by side, their runs alternated, every
 * row filled for both; the figures are not judged. One harness run for the four; {@code tracking},
 * whose expiry phase waits 45 s a target, has its own ({@link TrackingSmokeTest}).
 */
class TurnsSmokeTest {
    @TempDir
    static Path out;

    private static HarnessRun run;

    @BeforeAll
    static void runHarness() {
        HarnessRun.assumeInstalled("wrk", "haproxy", "openssl");
        run = HarnessRun.of("http", "rules", "tls", "patterns", "--targets", "ganglion,haproxy", "--runs", "1",
                "--duration", "1", "--warmup", "1", "--map-entries", "5000", "--out", out.toString());
    }

    @Test
    void exitsCleanly() {
        assertThat(run.exitCode()).as(run.console()).isZero();
    }

    @Test
    void measuresBothBalancersOnEveryRowOfHttpRulesAndTls() {
        run.assertMeasuredOnBothBalancers("http keep-alive", "requests/s", "CPU per request");
        run.assertMeasuredOnBothBalancers("http close", "requests/s", "CPU per request");
        run.assertMeasuredOnBothBalancers("rules fe_main", "requests/s", "CPU per request");
        run.assertMeasuredOnBothBalancers("tls", "full handshakes, ECDSA P-256", "CPU per full ECDSA handshake",
                "CPU per full RSA handshake",
                "full handshakes, RSA 2048", "resumed handshakes (tickets)", "keep-alive HTTPS requests");
    }

    /** 5,000 networks in 6 payloads of at most 16,383 bytes, into each balancer's own map. */
    @Test
    void loadsEachBalancersMapInPayloads() {
        assertThat(run.console()).contains("ganglion: 5000 entries in 6 payloads; entry_cnt=5000",
                "haproxy: 5000 entries in 6 payloads; entry_cnt=5000");
    }

    @Test
    void measuresBothBalancersOnEveryRowOfPatterns() {
        run.assertMeasuredOnBothBalancers("patterns", "CPU to load the map", "time to load the map", "RSS per entry",
                "requests/s, map_ip, empty map", "requests/s, map_ip, full map", "CPU per request, empty map",
                "CPU per request, full map", "CPU/request full÷empty map", "CPU to add 100k to the ACL",
                "time to add 100k to the ACL", "CPU per request, empty ACL", "CPU per request, full ACL",
                "CPU/request full÷empty ACL", "CPU per request, empty map beside", "CPU/request full÷empty map, same turns",
                "CPU per request, empty ACL beside", "CPU/request full÷empty ACL, same turns");
        run.assertMeasuredOnGanglionOnly("patterns", "load CPU: collector threads", "load CPU: JIT compilers",
                "live heap per entry");
    }
}
