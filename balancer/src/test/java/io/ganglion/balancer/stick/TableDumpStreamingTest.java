package io.ganglion.balancer.stick;

import io.ganglion.balancer.runtime.DumpLatencyProbe;
import io.ganglion.balancer.testing.RunningBalancer;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show table} of a large table is written in pieces while other clients are served: a slow
 * reader dumps 100,000 entries while {@code show info} round trips on fresh connections each take
 * under 50 ms (the bound of the other long answers, issue 13's acceptance 4). The keys are taken a
 * stripe per piece and merged as the dump goes, so no piece holds the control loop for long.
 */
@Timeout(120)
@Tag("serial") // alone after the parallel classes: show info answered within 50 ms during the dump
class TableDumpStreamingTest {
    private static final int ENTRIES = 100_000;

    @Test
    void aLargeTableStreamsWhileShowInfoIsAnswered(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("admin.sock");
        try (RunningBalancer lb = RunningBalancer.start("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                backend fe_main
                    stick-table type ip size 1m expire 15m store gpt0,http_req_rate(10s)
                """.formatted(socket))) {
            StickTable table = StickModule.tables(lb.balancer().moduleContext()).table("fe_main").orElseThrow();
            for (int i = 0; i < ENTRIES; i++) {
                table.set(table.findOrCreate(KeyType.ipv4Key(0x0a000000 + i)), DataType.GPT0, 1);
            }
            // the head line, an entry per line, the blank line; the last entry ends with its rate, 0
            new DumpLatencyProbe(socket, 50).assertShowInfoAnsweredWithinBoundDuring(
                    new DumpLatencyProbe.LongAnswer("show table fe_main", ENTRIES + 2, "0\n\n"));
        }
    }
}
