package io.ganglion.balancer.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The two process-wide numbers a stream takes when it begins, as HAProxy's streams do: its rank
 * ({@code id=} in {@code show sess ID}; HTTP transactions, tcp connections and stats socket sessions
 * all count) and the {@code show sess} epoch (how many {@code show sess} commands had run), which
 * tells an operator which streams are newer than the last listing.
 *
 * <p>One atomic increment and one plain read per stream: no lock on the data path.
 */
public final class StreamNumbers {
    private static final AtomicLong RANK = new AtomicLong();
    private static final AtomicLong EPOCH = new AtomicLong();

    private StreamNumbers() {
    }

    /** The next stream's rank, from 0. */
    public static long nextRank() {
        return RANK.getAndIncrement();
    }

    /** The current {@code show sess} epoch. */
    public static long epoch() {
        return EPOCH.get();
    }

    /** A {@code show sess} command ran: streams begun from now on belong to the next epoch. */
    static void showSessRan() {
        EPOCH.incrementAndGet();
    }
}
