package io.ganglion.balancer.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The two balancer-wide numbers a stream takes when it begins, as HAProxy's streams do: its rank
 * ({@code id=} in {@code show sess ID}; HTTP transactions, tcp connections and stats socket sessions
 * all count) and the {@code show sess} epoch (how many {@code show sess} commands had run), which
 * tells an operator which streams are newer than the last listing. One per balancer: a process
 * may run several (tests do), each numbered as its own HAProxy would be.
 *
 * <p>One atomic increment and one plain read per stream: no lock on the data path.
 */
public final class StreamNumbers {
    private final AtomicLong rank = new AtomicLong();
    private final AtomicLong epoch = new AtomicLong();

    /** The next stream's rank, from 0. */
    public long nextRank() {
        return rank.getAndIncrement();
    }

    /** The current {@code show sess} epoch. */
    public long epoch() {
        return epoch.get();
    }

    /** A {@code show sess} command ran: streams begun from now on belong to the next epoch. */
    void showSessRan() {
        epoch.incrementAndGet();
    }
}
