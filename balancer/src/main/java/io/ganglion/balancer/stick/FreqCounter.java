package io.ganglion.balancer.stick;

/**
 * HAProxy's frequency counter over a sliding period, kept in three words of an entry: the start of
 * the current period (ms), the events counted in it, the events of the period before.
 *
 * <p>A period starts with the first event after the previous one ended and lasts {@code period}
 * ms; an event two periods or more after the start of the current one starts afresh with nothing
 * before it. The rate read at a time is the current period's count plus the previous period's
 * scaled by the part of the current period still to come: {@code curr + prev * remain / period},
 * rounded down, so that a burst fades out linearly over one period once it is over (measured on
 * HAProxy 2.6: {@code set table ... data.http_req_rate 10} with a 5 s period reads 10 for 5 s,
 * then 9, 8, 7... every half second).
 *
 * <p>Static methods over the caller's array: the caller (a table segment) holds its lock.
 * Times are milliseconds as {@code int}, compared by difference, so they may wrap like HAProxy's ticks.
 */
final class FreqCounter {
    static final int WORDS = 3;
    private static final int TICK = 0;
    private static final int CURR = 1;
    private static final int PREV = 2;

    private FreqCounter() {
    }

    /** Counts {@code inc} events at {@code now}. */
    static void add(int[] a, int off, int now, int period, int inc) {
        rotate(a, off, now, period);
        a[off + CURR] += inc;
    }

    /**
     * Sets the rate as {@code set table} does: the current period starts now with {@code value}
     * events and nothing before, so the figure holds for a period, then fades.
     */
    static void set(int[] a, int off, int now, int value) {
        a[off + TICK] = now;
        a[off + CURR] = value;
        a[off + PREV] = 0;
    }

    /** The rate at {@code now}, in events per period. */
    static long read(int[] a, int off, int now, int period) {
        long curr = Integer.toUnsignedLong(a[off + CURR]);
        long past = Integer.toUnsignedLong(a[off + PREV]);
        long remain = (long) a[off + TICK] + period - now;
        remain = (int) remain; // the tick difference, wrap-safe
        if (remain < 0) {
            // the current period is over: it is the previous one now, if less than a period ago
            remain += period;
            past = remain >= 0 ? curr : 0;
            curr = 0;
            if (remain < 0) {
                remain = 0;
            }
        }
        return curr + past * remain / period;
    }

    /** Moves to the period {@code now} falls in, keeping the count just ended as the previous one. */
    private static void rotate(int[] a, int off, int now, int period) {
        int tick = a[off + TICK];
        if (now - tick < period) {
            return;
        }
        int curr = a[off + CURR];
        tick += period;
        if (now - tick >= period) {
            // two periods or more without an event: nothing recent remains
            a[off + PREV] = 0;
            tick = now;
        } else {
            a[off + PREV] = curr;
        }
        a[off + TICK] = tick;
        a[off + CURR] = 0;
    }
}
