package io.ganglion.balancer;

/** The balancer could not start; the message is the one line an operator needs. */
public final class StartupException extends Exception {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
