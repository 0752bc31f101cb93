package io.ganglion.balancer.session;

import java.util.Objects;

/**
 * Where a parser stopped in a refused message, as {@code show errors} reports it: the offset of the
 * byte it refused (from the first byte of the message) and the state it was in, named and numbered
 * as HAProxy 2.6 prints its H1 parser states ({@code MSG_HDR_NAME(17)}).
 *
 * @param position the offset of the refused byte; the message's length when it was refused for
 *                 being too long
 * @param state    HAProxy's name of the parser state, without its number
 * @param number   HAProxy's number of that state
 */
public record ParseStop(int position, String state, int number) {
    public ParseStop {
        Objects.requireNonNull(state, "state");
    }

    /** {@code MSG_HDR_NAME(17)}. */
    public String stateLabel() {
        return state + "(" + number + ")";
    }
}
