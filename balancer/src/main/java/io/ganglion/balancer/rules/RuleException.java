package io.ganglion.balancer.rules;

/** A rule, ACL or sample expression the configuration cannot take; the message is worded as HAProxy's. */
public class RuleException extends Exception {
    public RuleException(String message) {
        super(message);
    }
}
