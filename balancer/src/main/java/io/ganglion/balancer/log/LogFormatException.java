package io.ganglion.balancer.log;

/** A log-format string that cannot be compiled; the message is HAProxy 2.6's, without its final period. */
public final class LogFormatException extends Exception {
    private final boolean whole;

    public LogFormatException(String message) {
        this(message, false);
    }

    private LogFormatException(String message, boolean whole) {
        super(message, null, false, false);
        this.whole = whole;
    }

    /**
     * A refused {@code %[...]} whose message HAProxy does not put after "failed to parse sample
     * expression": a fetch that needs what a log line no longer has.
     */
    static LogFormatException whole(String message) {
        return new LogFormatException(message, true);
    }

    /** Whether the message is complete as it is, rather than a reason to put after the expression. */
    boolean whole() {
        return whole;
    }
}
