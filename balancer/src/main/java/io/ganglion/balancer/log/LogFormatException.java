package io.ganglion.balancer.log;

/** A log-format string that cannot be compiled; the message is HAProxy 2.6's, without its final period. */
public final class LogFormatException extends Exception {
    public LogFormatException(String message) {
        super(message, null, false, false);
    }
}
