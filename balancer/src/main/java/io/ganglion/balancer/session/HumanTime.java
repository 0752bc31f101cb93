package io.ganglion.balancer.session;

import java.util.concurrent.TimeUnit;

/**
 * Durations as HAProxy's {@code show sess} prints ages and timers: whole units, the two largest
 * that are not zero from the first one ({@code 0s}, {@code 28s}, {@code 1m57s}, {@code 2m}, {@code 3h1m},
 * {@code 2d}), truncated to the second.
 */
final class HumanTime {
    private static final long[] UNIT_SECONDS = {86_400, 3_600, 60, 1};
    private static final char[] UNIT_NAMES = {'d', 'h', 'm', 's'};

    private HumanTime() {
    }

    static String of(long nanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(Math.max(0, nanos));
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        int printed = 0;
        for (int u = 0; u < UNIT_SECONDS.length && printed < 2; u++) {
            long n = seconds / UNIT_SECONDS[u];
            seconds %= UNIT_SECONDS[u];
            if (n > 0) {
                out.append(n).append(UNIT_NAMES[u]);
            }
            if (n > 0 || printed > 0) {
                printed++;
            }
        }
        return out.toString();
    }

    /** A timer: empty when none is armed (HAProxy prints {@code rx=} and {@code exp=} so). */
    static String timer(long nanos) {
        return nanos < 0 ? "" : of(nanos);
    }
}
