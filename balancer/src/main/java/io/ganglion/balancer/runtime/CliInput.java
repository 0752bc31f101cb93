package io.ganglion.balancer.runtime;

/** What {@link CliLineDecoder} hands to the session: a request line, or the news that one was too long. */
sealed interface CliInput {

    /** One line as received, without its LF (a CR before it is still there). */
    record Line(String text) implements CliInput {
    }

    /** The commands of a line not run yet, from {@code from} on (after a {@code ;}), the line not copied. */
    record Rest(String line, int from) implements CliInput {
    }

    /**
     * Lines of a payload cut together ({@link CliLineDecoder#collectPayload}): {@code text} is
     * what the session would make of them, each line's final CR dropped and the lines joined by
     * LF; {@code ends} when the empty line that ends the payload came right after them (then
     * {@code lines} may be 0).
     */
    record PayloadLines(String text, int lines, boolean ends) implements CliInput {
    }

    /** A line longer than {@link CliLineDecoder#MAX_LINE_BYTES}; its bytes were dropped. */
    record TooLong() implements CliInput {
    }
}
