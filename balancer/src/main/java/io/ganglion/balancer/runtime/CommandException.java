package io.ganglion.balancer.runtime;

/**
 * A command refused with a message for the client, e.g. {@code No such backend.}: the message is
 * printed as the answer (HAProxy's {@code cli_err}), nothing is logged.
 */
public class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandException(String clientMessage) {
        super(clientMessage, null, false, false);
    }
}
