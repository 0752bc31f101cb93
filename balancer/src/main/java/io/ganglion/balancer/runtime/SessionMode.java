package io.ganglion.balancer.runtime;

/**
 * HAProxy's two opt-in modes of a CLI session, off when a session starts and cleared whenever its
 * level is set again ({@code operator}, {@code user}). In HAProxy they unlock commands that may
 * hurt a running process ({@code debug dev ...}, {@code set var}); Ganglion has none of those yet,
 * so a mode is only kept and reported, and {@code help} lists nothing more when it is on.
 */
public enum SessionMode {
    EXPERT("expert-mode"),
    EXPERIMENTAL("experimental-mode");

    private final String command;

    SessionMode(String command) {
        this.command = command;
    }

    /** The command that sets and reports it, also the name its report gives ({@code experimental-mode is ON}). */
    public String command() {
        return command;
    }
}
