package io.ganglion.registry.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one thread that every {@link SerialLane} shares: it runs the lanes' tasks and times their
 * periodic ones. A lane's task never waits (a ZooKeeper watcher lists in the background and is
 * answered on its lane; a listener only hands the snapshot on), so one thread serves every
 * watched service, where each had two of its own (20 of the agent's 48 threads with 10 services).
 */
public final class RegistryThreads {

    private static final ScheduledThreadPoolExecutor THREAD = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "ganglion-registry");
        thread.setDaemon(true);
        return thread;
    });

    static {
        THREAD.setRemoveOnCancelPolicy(true); // a closed watcher's ticks go at once, not at their next turn
    }

    private RegistryThreads() {
    }

    static ScheduledExecutorService thread() {
        return THREAD;
    }
}
