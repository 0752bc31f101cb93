package io.ganglion.registry.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Single daemon threads with names that say which service they serve (visible in thread dumps). */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ScheduledExecutorService single(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
