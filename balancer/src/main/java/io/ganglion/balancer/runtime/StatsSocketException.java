package io.ganglion.balancer.runtime;

/** A stats socket could not be opened; the message is one line naming the socket and the reason. */
public class StatsSocketException extends Exception {
    private static final long serialVersionUID = 1L;

    public StatsSocketException(String message, Throwable cause) {
        super(message, cause);
    }

    public StatsSocketException(String message) {
        super(message);
    }
}
