package io.ganglion.registry.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads every {@link SerialLane} shares: one that runs the lanes' tasks and one that times
 * their periodic ones. The pool keeps one thread busy at most; a task that waits for ZooKeeper does
 * so through {@link ForkJoinPool#managedBlock}, and the pool lends a spare thread to the other lanes
 * meanwhile (one watcher stuck on a slow registry does not hold back the others' snapshots). Spare
 * threads go after a minute idle.
 */
public final class RegistryThreads {

    private static final ForkJoinPool POOL = new ForkJoinPool(1, pool -> {
        ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool) { };
        thread.setName("ganglion-registry-" + thread.getPoolIndex());
        thread.setDaemon(true);
        return thread;
    }, null, true, 0, 256, 1, null, 60, TimeUnit.SECONDS);

    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "ganglion-registry-timer");
        thread.setDaemon(true);
        return thread;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true); // a closed watcher's ticks go at once, not at their next turn
    }

    private RegistryThreads() {
    }

    /**
     * Runs {@code call}, which waits on a registry (a ZooKeeper read), telling the pool so: on a
     * registry thread, the other lanes get a spare thread until it returns. Its exception is rethrown.
     */
    public static <T> T whileBlocked(Callable<T> call) throws Exception {
        BlockingCall<T> blocking = new BlockingCall<>(call);
        ForkJoinPool.managedBlock(blocking);
        return blocking.result();
    }

    private static final class BlockingCall<T> implements ForkJoinPool.ManagedBlocker {
        private final Callable<T> call;
        private T result;
        private Exception failure;
        private boolean done;

        BlockingCall(Callable<T> call) {
            this.call = call;
        }

        @Override
        public boolean block() {
            try {
                result = call.call();
            } catch (Exception e) {
                failure = e;
            }
            done = true;
            return true;
        }

        @Override
        public boolean isReleasable() {
            return done;
        }

        T result() throws Exception {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    static ForkJoinPool pool() {
        return POOL;
    }

    static ScheduledExecutorService timer() {
        return TIMER;
    }
}
