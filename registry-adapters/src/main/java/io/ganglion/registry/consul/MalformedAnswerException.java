package io.ganglion.registry.consul;

/** Consul answered something that is not the documented JSON; the message says what. */
final class MalformedAnswerException extends Exception {

    MalformedAnswerException(String message) {
        super(message);
    }
}
