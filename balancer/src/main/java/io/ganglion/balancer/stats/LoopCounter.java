package io.ganglion.balancer.stats;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counter that each event loop adds to without a shared write: every loop thread has a cell of
 * its own, written with a plain store (it is the cell's only writer), and a reader sums the cells.
 * Threads that are not loops (the control side, health checks, tests) share one cell and add to it
 * atomically.
 *
 * <p>Why not {@link java.util.concurrent.atomic.LongAdder}: it pays a compare-and-swap on every add
 * and, once two loops contend, a hashed cell that the loops may still share. The HTTP path adds to
 * some twenty counters per request (bytes, requests, responses of the frontend, backend, server and
 * their h1 rows); under {@code bench http} JFR found {@code LongAdder.add} in 5-13% of the
 * balancer's CPU samples. A sum read by {@code show stat} may lag an add by a moment, as before.
 *
 * <p>{@link #reset()} never writes a loop's cell (that would race with the loop's own store): it
 * records the sum as the new zero.
 */
public final class LoopCounter {
    /** Loops beyond this many (tests that start many balancers in one JVM) share the atomic cell. */
    private static final int MAX_OWN_CELLS = 64;
    private static final int SHARED = 0;
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger(1);
    private static final FastThreadLocal<Integer> SLOT = new FastThreadLocal<>() {
        @Override
        protected Integer initialValue() {
            if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
                return SHARED;
            }
            int slot = NEXT_SLOT.getAndIncrement();
            return slot < MAX_OWN_CELLS ? slot : SHARED;
        }
    };
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

    private static final long[][] NONE = new long[0][];

    /**
     * Cell {@code i} belongs to the thread of slot {@code i}; copied on growth, the cells themselves
     * kept. None until the first add: a server that takes no traffic costs no more than a LongAdder
     * (the {@code scale} part holds 10,000 servers of some twenty counters each).
     */
    private volatile long[][] cells = NONE;
    private volatile long zero;

    public void increment() {
        add(1);
    }

    public void decrement() {
        add(-1);
    }

    public void add(long n) {
        int slot = SLOT.get();
        long[][] all = cells;
        long[] cell;
        if (slot < all.length && (cell = all[slot]) != null) {
            if (slot == SHARED) {
                CELL.getAndAdd(cell, 0, n);
            } else {
                CELL.setOpaque(cell, 0, (long) CELL.getOpaque(cell, 0) + n);
            }
        } else {
            firstAdd(slot, n);
        }
    }

    /**
     * The calling thread's first add here: its cell is made, and only it writes there. The shared
     * cell may have been made meanwhile by another thread that is not a loop: added to, atomically.
     */
    private synchronized void firstAdd(int slot, long n) {
        long[][] all = cells;
        if (slot < all.length && all[slot] != null) {
            CELL.getAndAdd(all[slot], 0, n);
            return;
        }
        all = Arrays.copyOf(all, Math.max(all.length, slot + 1));
        all[slot] = new long[] {n};
        cells = all;
    }

    public long sum() {
        return raw() - zero;
    }

    private long raw() {
        long total = 0;
        for (long[] cell : cells) {
            if (cell != null) {
                total += (long) CELL.getOpaque(cell, 0);
            }
        }
        return total;
    }

    /** Counts from zero again ({@code clear counters all}). */
    public void reset() {
        zero = raw();
    }
}
