package io.ganglion.bench.load;

import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.Endpoint;
import io.ganglion.runtime.RuntimeApi;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.RuntimeTransportException;
import io.ganglion.runtime.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Runtime API load on a stats socket: the same command stream sent with a connection per command,
 * in one {@code prompt} session waiting for each answer, and pipelined in batches. Every answer is
 * checked: a rate of error answers would measure nothing.
 */
public final class SocketLoad {
    private static final Timeouts PROBE = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private static final int PIPELINE_BATCH = 1000;
    private static final Duration SOCKET_APPEARS = Duration.ofSeconds(5);

    private final Endpoint endpoint;

    public SocketLoad(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Whether this socket answers {@code probe} with a success: empty when it does, otherwise the
     * reason (no socket, the command is unknown, ...), printed instead of the figures.
     */
    public Optional<String> unavailableReason(Command probe) {
        // A balancer may open its stats socket a little after its frontends: wait for it, bounded.
        long deadline = System.nanoTime() + SOCKET_APPEARS.toNanos();
        while (true) {
            try {
                Answer answer = new RuntimeClient(endpoint, PROBE).execute(probe);
                if (answer.isSuccess()) {
                    return Optional.empty();
                }
                return Optional.of("'" + probe.line() + "' answered '" + answer.text().strip() + "'");
            } catch (RuntimeTransportException e) {
                if (System.nanoTime() > deadline) {
                    return Optional.of("the stats socket does not answer (" + e.getMessage() + ")");
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    /** Commands/s with a new connection per command (HAProxy's non-interactive mode). */
    public double perConnection(IntFunction<Command> commands, Duration duration) {
        RuntimeClient client = new RuntimeClient(endpoint, Timeouts.DEFAULT);
        return rate(duration, i -> {
            check(client.execute(commands.apply(i)));
            return 1;
        });
    }

    /** Commands/s in one prompt session, each answer awaited before the next command. */
    public double inSession(IntFunction<Command> commands, Duration duration) {
        try (RuntimeSession session = new RuntimeSession(endpoint, Timeouts.DEFAULT)) {
            return rate(duration, i -> {
                check(session.execute(commands.apply(i)));
                return 1;
            });
        }
    }

    /** Commands/s in one prompt session, {@value #PIPELINE_BATCH} commands written before reading. */
    public double pipelined(IntFunction<Command> commands, Duration duration) {
        try (RuntimeSession session = new RuntimeSession(endpoint, Timeouts.DEFAULT)) {
            return rate(duration, i -> {
                List<Command> batch = new ArrayList<>(PIPELINE_BATCH);
                for (int k = 0; k < PIPELINE_BATCH; k++) {
                    batch.add(commands.apply(i * PIPELINE_BATCH + k));
                }
                session.pipeline(batch).forEach(SocketLoad::check);
                return PIPELINE_BATCH;
            });
        }
    }

    /** Milliseconds per answer of {@code command} (e.g. a large {@code show stat}), over one session. */
    public double millisPerAnswer(Command command, Duration duration) {
        try (RuntimeSession session = new RuntimeSession(endpoint, Timeouts.DEFAULT)) {
            return 1000.0 / rate(duration, i -> {
                check(session.execute(command));
                return 1;
            });
        }
    }

    /** Runs {@code step} (which reports how many commands it completed) until the time is up. */
    private static double rate(Duration duration, IntFunction<Integer> step) {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long done = 0;
        int iteration = 0;
        long now = start;
        while (now < deadline) {
            done += step.apply(iteration++);
            now = System.nanoTime();
        }
        return done / ((now - start) / 1e9);
    }

    private static void check(Answer answer) {
        answer.orThrow();
    }
}
