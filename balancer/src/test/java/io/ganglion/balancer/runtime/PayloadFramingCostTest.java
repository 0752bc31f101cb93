package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.AccessLevel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the socket's framing costs per line of an {@code add map <<} payload, as a seeding script
 * sends them (payloads of about 16 kB, a connection each): the heap the socket's event loop
 * allocates between two payloads' handlers, over the payload's lines. A figure the machine's load
 * does not change, unlike CPU time. Each line was a string, an input record, a trip through the
 * pipeline and the session, then joined again with the others (issue 14: the framing and the JIT
 * compiling it were more of a million-line load's CPU than the map itself).
 */
class PayloadFramingCostTest {
    private static final int WARM_UP = 100;
    private static final int MEASURED = 200;

    @Test
    void aPayloadsLinesCostTheLoopLittleMoreThanTheirBytes(@TempDir Path directory) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<String> payloads = new ArrayList<>();
        long[] allocatedAt = new long[WARM_UP + MEASURED];
        CommandRegistry registry = CommandRegistry.builder().register(CommandTable.of("maps",
                CliCommand.haproxy(AccessLevel.USER, CommandHandler.sync(r -> {
                    allocatedAt[payloads.size()] = threads.getCurrentThreadAllocatedBytes();
                    payloads.add(r.payload().orElse(""));
                    return "";
                }), "add", "map"))).build();
        int lines = 0;
        try (StatsSocketFixture sockets = new StatsSocketFixture(directory, registry)) {
            for (int p = 0; p < WARM_UP + MEASURED; p++) {
                String payload = payload(p);
                lines = (int) payload.lines().count();
                String answer = SocketClient.socatExchange(sockets.address("admin"), "add map #0 <<\n" + payload + "\n\n");
                assertThat(answer).isEqualTo("\n");
                assertThat(payloads.get(p)).isEqualTo(payload); // lines joined by LF, no final LF
            }
        }
        long perLine = (allocatedAt[WARM_UP + MEASURED - 1] - allocatedAt[WARM_UP - 1]) / ((long) (MEASURED - 1) * lines);
        // the payload's text once (about 19 B a line) and the connection's share
        assertThat(perLine).as("bytes the loop allocates per payload line").isLessThan(60);
    }

    /** About 16 kB of map lines, as {@code bench patterns} sends them: distinct networks, a few hundred values. */
    private static String payload(int p) {
        StringBuilder text = new StringBuilder();
        for (int n = p * 800; text.length() < 16_000; n++) {
            int v = 0x0100_0000 + n * 256;
            text.append(v >>> 24 & 255).append('.').append(v >>> 16 & 255).append('.').append(v >>> 8 & 255)
                    .append(".0/24 C").append(n % 250).append('\n');
        }
        return text.substring(0, text.length() - 1);
    }
}
