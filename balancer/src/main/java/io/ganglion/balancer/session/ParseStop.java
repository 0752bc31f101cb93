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
 * @param chunkLength what was left of the body part being read ({@code H1 chunk len}): the
 *                 announced Content-Length when the headers did not agree on it, else 0
 * @param bodyLength the body length known when it stopped ({@code H1 body len}): the announced
 *                 Content-Length, or the sum of the chunk sizes read
 */
public record ParseStop(int position, String state, int number, long chunkLength, long bodyLength) {
    public ParseStop {
        Objects.requireNonNull(state, "state");
    }

    /** A stop before any body length was known. */
    public ParseStop(int position, String state, int number) {
        this(position, state, number, 0, 0);
    }

    /** {@code MSG_HDR_NAME(17)}. */
    public String stateLabel() {
        return state + "(" + number + ")";
    }
}
