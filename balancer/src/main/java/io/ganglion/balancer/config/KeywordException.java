package io.ganglion.balancer.config;

/** A keyword handler refuses its arguments; the message is the problem text (HAProxy's wording). */
public class KeywordException extends Exception {
    public KeywordException(String message) {
        super(message);
    }
}
