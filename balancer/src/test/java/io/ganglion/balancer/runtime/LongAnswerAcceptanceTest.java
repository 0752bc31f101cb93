package io.ganglion.balancer.runtime;

import io.ganglion.balancer.runtime.DumpLatencyProbe.LongAnswer;
import io.ganglion.balancer.testing.RunningBalancer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, acceptance 4: a long answer streams while other socket clients are served. Client A
 * asks for a dump of 10,000 rows and reads it slowly; client B meanwhile sends {@code show info}
 * again and again on fresh connections, and every one of those round trips must take less than
 * 50 ms. Before answers streamed, the control loop built A's whole answer in one turn and B waited
 * for it.
 *
 * <p>One balancer serves every case (10,000 servers are slow to set up); a further long answer
 * ({@code show sess} with 10,000 open sessions) is one more {@link LongAnswer} and test method.
 */
@Timeout(180)
@Tag("serial") // alone after the parallel classes: show info answered within its bound during the dump
class LongAnswerAcceptanceTest {
    static final int SERVERS = 10_000;
    /** The acceptance bound on each {@code show info} round trip during a dump. */
    static final long BOUND_MILLIS = 50;

    @TempDir
    static Path dir;
    static Path socket;
    static RunningBalancer balancer;

    @BeforeAll
    static void startWithTenThousandServers() throws Exception {
        socket = dir.resolve("admin.sock");
        StringBuilder config = new StringBuilder("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                backend be_big
                """.formatted(socket));
        for (int i = 1; i <= SERVERS; i++) {
            // Nothing listens there and nothing checks them: only their rows matter.
            config.append("    server s").append(i).append(" 127.0.0.1:").append(10_000 + i).append('\n');
        }
        balancer = RunningBalancer.start(config.toString());
    }

    @AfterAll
    static void stop() {
        if (balancer != null) {
            balancer.close();
        }
    }

    @Test
    void showStatOfTenThousandServersStreamsWhileShowInfoIsAnswered() throws Exception {
        // The header, a row per server, the BACKEND row, the blank line.
        LongAnswer showStat = new LongAnswer("show stat", SERVERS + 3, ",\n\n");

        assertShowInfoAnsweredWithinBoundDuring(showStat);
    }

    @Test
    void showServersStateOfTenThousandServersStreamsWhileShowInfoIsAnswered() throws Exception {
        // The format version, the header, a line per server (ending with its agent port, 0), the blank line.
        LongAnswer showServersState = new LongAnswer("show servers state", SERVERS + 3, "0\n\n");

        assertShowInfoAnsweredWithinBoundDuring(showServersState);
    }

    private static void assertShowInfoAnsweredWithinBoundDuring(LongAnswer longAnswer) throws Exception {
        new DumpLatencyProbe(socket, BOUND_MILLIS).assertShowInfoAnsweredWithinBoundDuring(longAnswer);
    }
}
