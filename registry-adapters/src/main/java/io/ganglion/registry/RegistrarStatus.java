package io.ganglion.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link Registrar} knows about its instance in the registry right now. Immutable; a
 * registrar publishes a new one on every change.
 *
 * @param state          see {@link State}
 * @param since          when the registrar entered this state
 * @param lastError      the latest failure, while {@link State#RETRYING}
 * @param failedAttempts failures in a row since the last success
 * @param nextAttempt    when the next attempt is due, while {@link State#RETRYING}
 */
public record RegistrarStatus(State state, Instant since, Optional<String> lastError, int failedAttempts,
                              Optional<Instant> nextAttempt) {

    public enum State {
        /** Not wanted (the service is not healthy, or not reported yet), and not published. */
        WITHDRAWN,
        /** Wanted; the first attempt is under way. */
        REGISTERING,
        /** Published: the registry confirmed it. */
        REGISTERED,
        /** The last attempt to publish (or to withdraw) failed; another follows at {@code nextAttempt}. */
        RETRYING,
        /** Closed: withdrawn for good. */
        CLOSED
    }

    public RegistrarStatus {
        requireNonNull(state, "state");
        requireNonNull(since, "since");
        requireNonNull(lastError, "lastError");
        requireNonNull(nextAttempt, "nextAttempt");
    }

    public static RegistrarStatus of(State state, Instant now) {
        return new RegistrarStatus(state, now, Optional.empty(), 0, Optional.empty());
    }

    /** After a failure: {@code attempts} failures in a row, the next try at {@code next}. */
    public static RegistrarStatus retrying(String error, int attempts, Instant next, Instant now) {
        return new RegistrarStatus(State.RETRYING, now, Optional.of(error), attempts, Optional.of(next));
    }

    public boolean isRegistered() {
        return state == State.REGISTERED;
    }
}
