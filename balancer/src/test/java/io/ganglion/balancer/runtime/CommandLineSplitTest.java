package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        try (RunningBalancer lb = RunningBalancer.start("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                """.formatted(socket))) {
            String line = String.join(";", java.util.Collections.nCopies(COMMANDS, "show cli level")) + "\n";
            assertThat(line.length()).isLessThan(CliLineDecoder.MAX_LINE_BYTES);
            send(socket, "show cli level\n"); // the session's code loaded and run once
            long before = controlLoopAllocatedBytes(lb);

            String answer = send(socket, line);

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

    private static String send(Path socket, String request) throws Exception {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.US_ASCII);
        }
    }
}
