package io.ganglion.balancer.pattern;

/** A pattern or a map value that its matching method cannot take; the message is HAProxy 2.6's text. */
public final class PatternException extends Exception {
    public PatternException(String message) {
        super(message);
    }
}
