package io.ganglion.runtime;

/** Base of every failure the runtime client reports. */
public class RuntimeApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuntimeApiException(String message) {
        super(message);
    }

    public RuntimeApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
