package io.ganglion.registry.internal;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watcher's worker, or one service's snapshot delivery: its tasks run one at a time, in the order
 * they were queued, on the registry thread that every lane shares ({@link RegistryThreads}); they
 * must not wait (on a registry, a lock, a queue), for every other lane waits behind them. A
 * thread per lane cost the agent 20 of its 48 threads with 10 watched services, each with its stack
 * and its share of the native heap (issue 18), for work that takes microseconds a second.
 *
 * <p>While a lane's tasks run, the thread carries the lane's name, as a thread of its own did in
 * thread dumps. {@link #close()} drops what is queued and stops the periodic tasks: a task running
 * finishes, nothing runs after.
 */
public final class SerialLane implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SerialLane.class);

    private final String name;
    private final Executor threads;
    private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final List<Future<?>> periodic = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    SerialLane(String name, Executor threads) {
        this.name = name;
        this.threads = threads;
    }

    /** A lane on the registry thread; {@code name} says in thread dumps which service it serves. */
    public static SerialLane named(String name) {
        return new SerialLane(name, RegistryThreads.thread());
    }

    /** @throws RejectedExecutionException once closed */
    @Override
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException(name + " is closed");
        }
        queued.add(task);
        drainSoon();
    }

    /**
     * Queues {@code task} every {@code delay}, the first time after one; a tick still queued or
     * running is not queued twice (a slow one delays the next, as a fixed delay does).
     */
    public void scheduleWithFixedDelay(Runnable task, Duration delay) {
        AtomicBoolean pending = new AtomicBoolean();
        Runnable once = () -> {
            pending.set(false);
            task.run();
        };
        long millis = delay.toMillis();
        Future<?> timer = RegistryThreads.thread().scheduleWithFixedDelay(() -> {
            if (!closed && pending.compareAndSet(false, true)) {
                try {
                    execute(once);
                } catch (RejectedExecutionException closedMeanwhile) {
                    // close() cancels this timer too
                }
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        periodic.add(timer);
        if (closed) {
            timer.cancel(false);
        }
    }

    @Override
    public void close() {
        closed = true;
        periodic.forEach(timer -> timer.cancel(false));
        queued.clear();
    }

    private void drainSoon() {
        if (!queued.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                threads.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false);
                throw e;
            }
        }
    }

    private void drain() {
        Thread thread = Thread.currentThread();
        String ownName = thread.getName();
        thread.setName(name);
        try {
            Runnable task;
            while (!closed && (task = queued.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("{}: a task failed; the next ones still run", name, e);
                }
            }
        } finally {
            thread.setName(ownName);
            draining.set(false);
        }
        if (!closed) {
            drainSoon(); // a task queued between the last poll and the flag's reset
        }
    }
}
