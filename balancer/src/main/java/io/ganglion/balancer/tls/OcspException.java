package io.ganglion.balancer.tls;

/** An OCSP response refused, with HAProxy 2.6's words for why (without the final period). */
public final class OcspException extends Exception {
    private static final long serialVersionUID = 1L;

    public OcspException(String message) {
        super(message);
    }
}
