package io.ganglion.runtime;

/** The socket could not be reached, or it broke before a whole answer arrived. */
public class RuntimeTransportException extends RuntimeApiException {
    private static final long serialVersionUID = 1L;

    public RuntimeTransportException(String message) {
        super(message);
    }

    public RuntimeTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
