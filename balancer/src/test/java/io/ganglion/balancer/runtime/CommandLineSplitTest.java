package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line of many commands joined by {@code ;} (how a script sends 100,000 {@code add acl} in a few
 * hundred connections) is split without copying what follows each command: the socket's loop
 * allocates in proportion to the line, not to its square (a 16 kB line of a thousand commands made
 * 8 MB of strings before).
 */
class CommandLineSplitTest {
    private static final int COMMANDS = 1_000;

    @TempDir
    Path dir;

    @Test
    void aLineOfAThousandCommandsIsAnsweredWithoutCopyingItsRestPerCommand() throws Exception {
        Path socket = dir.resolve("admin.sock");
        try (RunningBalancer lb = RunningBalancer.start("global\n    stats socket " + socket + " level admin\n")) {
            String line = String.join(";", Collections.nCopies(COMMANDS, "show cli level"));
            assertThat(line.length()).isLessThan(CliLineDecoder.MAX_LINE_BYTES);
            StatsSocket.send(socket, "show cli level"); // the session's code loaded and run once
            long before = controlLoopAllocatedBytes(lb);

            String answer = StatsSocket.send(socket, line);

            long allocated = controlLoopAllocatedBytes(lb) - before;
            assertThat(answer).isEqualTo("admin\n\n".repeat(COMMANDS));
            assertThat(allocated).as("bytes allocated on the socket's loop for one line of %d commands", COMMANDS)
                    .isLessThan(4_000_000L);
        }
    }

    private static long controlLoopAllocatedBytes(RunningBalancer lb) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return lb.balancer().control().submit(threads::getCurrentThreadAllocatedBytes).get();
    }
}
