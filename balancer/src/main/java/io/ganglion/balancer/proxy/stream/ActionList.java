package io.ganglion.balancer.proxy.stream;

import java.util.Arrays;

/**
 * The actions of one phase, in configuration order. Immutable: the data path walks an array, no
 * iterator and no lock; a new configuration builds new lists.
 *
 * @param <M> the message of the phase
 */
public final class ActionList<M> {
    @SuppressWarnings("unchecked")
    private static final ActionList<?> EMPTY = new ActionList<Object>(new StreamAction[0]);

    private final StreamAction<M>[] actions;

    private ActionList(StreamAction<M>[] actions) {
        this.actions = actions;
    }

    @SuppressWarnings("unchecked")
    public static <M> ActionList<M> empty() {
        return (ActionList<M>) EMPTY;
    }

    @SafeVarargs
    public static <M> ActionList<M> of(StreamAction<M>... actions) {
        return actions.length == 0 ? empty() : new ActionList<>(actions.clone());
    }

    /** This list with {@code action} after its own. */
    public ActionList<M> then(StreamAction<M> action) {
        StreamAction<M>[] more = Arrays.copyOf(actions, actions.length + 1);
        more[actions.length] = action;
        return new ActionList<>(more);
    }

    /** Runs the actions until one ends the phase; @return {@link Verdict#CONTINUE} when none did */
    public Verdict run(Stream stream, M message) {
        for (StreamAction<M> action : actions) {
            Verdict v = action.apply(stream, message);
            if (v != Verdict.CONTINUE) {
                return v;
            }
        }
        return Verdict.CONTINUE;
    }

    /** The actions, in order (a copy). */
    public java.util.List<StreamAction<M>> actions() {
        return java.util.List.of(actions);
    }

    public boolean isEmpty() {
        return actions.length == 0;
    }
}
