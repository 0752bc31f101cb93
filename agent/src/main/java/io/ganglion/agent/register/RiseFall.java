package io.ganglion.agent.register;

/**
 * HAProxy's and Nerve's hysteresis: a service becomes healthy after {@code rise} passes in a row
 * and unhealthy after {@code fall} failures in a row; it starts unhealthy, so nothing is published
 * before the service has proved itself. Not thread-safe: one per check, fed by one thread.
 */
public final class RiseFall {

    private final int rise;
    private final int fall;
    private boolean healthy;
    private int streak; // consecutive results that disagree with the current state

    public RiseFall(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be 1 or more, got " + rise + " and " + fall);
        }
        this.rise = rise;
        this.fall = fall;
    }

    /** Feeds one result. @return the state after it */
    public boolean record(boolean passed) {
        if (passed == healthy) {
            streak = 0;
            return healthy;
        }
        streak++;
        if (streak >= (healthy ? fall : rise)) {
            healthy = passed;
            streak = 0;
        }
        return healthy;
    }

    public boolean healthy() {
        return healthy;
    }
}
