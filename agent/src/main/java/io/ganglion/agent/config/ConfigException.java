package io.ganglion.agent.config;

/**
 * A configuration the agent refuses, with where it went wrong: {@code file:line:column: key: reason}.
 * The message is meant for an operator's terminal as it is.
 */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
