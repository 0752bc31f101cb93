package io.ganglion.examples.demo;

import java.util.concurrent.locks.LockSupport;

/**
 * The demo's deliberate pauses: a story step lasting its time, a poll interval. They are the
 * script's timing, not synchronisation; an interrupt (Ctrl-C) ends them early.
 */
final class Waiting {

    private Waiting() {
    }

    /** Parks until {@code System.nanoTime()} reaches {@code deadline} or the thread is interrupted. */
    static void until(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
        }
    }
}
