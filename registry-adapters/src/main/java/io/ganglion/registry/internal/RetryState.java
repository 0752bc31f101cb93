package io.ganglion.registry.internal;

import io.ganglion.registry.RegistrarStatus;
import io.ganglion.registry.RegistrarStatus.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A registrar's published {@link RegistrarStatus} and the back-off between its failed attempts.
 * Every change goes through {@link #reached} (success: the back-off starts over) or {@link #failed}
 * (the next delay, longer each time up to the maximum).
 *
 * <p>Threads: changed only by the registrar's one worker thread; {@link #status} is volatile so that
 * anyone may read it.
 */
public final class RetryState {

    private final Backoff backoff;
    private final Clock clock;
    private int failures; // worker
    private volatile RegistrarStatus status;

    public RetryState(Backoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
        this.status = RegistrarStatus.of(State.WITHDRAWN, clock.instant());
    }

    public RegistrarStatus status() {
        return status;
    }

    /** A state reached without error; the same state again keeps its {@code since}. */
    public void reached(State state) {
        failures = 0;
        backoff.reset();
        if (status.state() != state || status.failedAttempts() > 0) {
            status = RegistrarStatus.of(state, clock.instant());
        }
    }

    /**
     * How long to wait before the next attempt, and whether this failure deserves a warning: a new
     * error does, the same one again only at the 2nd, 4th, 8th ... failure in a row, so that a long
     * outage is logged at growing intervals on top of the growing back-off.
     */
    public record Retry(Duration delay, boolean warn) {
    }

    /** Records a failure ({@code since} stays when already retrying). */
    public Retry failed(String error) {
        boolean sameError = status.state() == State.RETRYING && status.lastError().orElse("").equals(error);
        failures++;
        Duration delay = backoff.nextDelay();
        Instant now = clock.instant();
        Instant since = status.state() == State.RETRYING ? status.since() : now;
        status = RegistrarStatus.retrying(error, failures, now.plus(delay), since);
        return new Retry(delay, !sameError || Integer.bitCount(failures) == 1);
    }

    /** Failures in a row so far. */
    public int failures() {
        return failures;
    }
}
