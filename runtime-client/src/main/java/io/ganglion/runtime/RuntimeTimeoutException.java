package io.ganglion.runtime;

/** The server stayed silent longer than the read timeout (see {@link Timeouts}). */
public class RuntimeTimeoutException extends RuntimeTransportException {
    private static final long serialVersionUID = 1L;

    public RuntimeTimeoutException(String message) {
        super(message);
    }
}
