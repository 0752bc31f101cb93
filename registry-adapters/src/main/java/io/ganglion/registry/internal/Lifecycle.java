package io.ganglion.registry.internal;

import java.util.concurrent.atomic.AtomicReference;

/** LATENT → STARTED → CLOSED, moved by compare-and-set so that racing callers agree on who won. */
public final class Lifecycle {

    private enum State { LATENT, STARTED, CLOSED }

    private final String what;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

    /** @param what names the owner in error messages, e.g. "ZooKeeper watcher for /services/web" */
    public Lifecycle(String what) {
        this.what = what;
    }

    /** @throws IllegalStateException if started before or closed */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException(what + " cannot start: it is already " + state.get().name().toLowerCase());
        }
    }

    /** @return true for the one call that closed it (from LATENT or STARTED), false afterwards */
    public boolean close() {
        return state.getAndSet(State.CLOSED) != State.CLOSED;
    }

    /** @throws IllegalStateException unless started and not closed */
    public void checkStarted() {
        State now = state.get();
        if (now != State.STARTED) {
            throw new IllegalStateException(what + " is " + now.name().toLowerCase() + ", not started");
        }
    }

    public boolean isClosed() {
        return state.get() == State.CLOSED;
    }
}
