package io.ganglion.balancer.runtime;

/**
 * A long socket answer produced in pieces ({@code show stat}, {@code show sess}, next
 * {@code show table} and {@code show map}), as HAProxy's resumable CLI handlers produce theirs: the
 * session asks for the next piece only once the client has read the previous ones, so an answer of
 * any size is never held whole and never keeps the loop from answering other clients meanwhile.
 *
 * <p>A dump reads a snapshot taken when the command ran (or live data that tolerates change
 * between pieces, as HAProxy's do); it is called on the session's loop, one piece per turn.
 */
@FunctionalInterface
public interface AnswerDump {

    /**
     * Appends the next piece (whole lines, a few KiB at most) to {@code out}.
     *
     * @return {@code false} once the answer is complete (the piece just appended, possibly empty,
     *         was the last)
     */
    boolean appendNext(StringBuilder out);
}
