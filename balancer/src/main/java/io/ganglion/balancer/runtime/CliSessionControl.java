package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import java.time.Duration;

/**
 * What a command may see and change of the session that sent it. Only called on the session's
 * event loop (handlers are), so implementations need no locking.
 */
public interface CliSessionControl {

    /** The session's current level: the socket's, unless lowered by {@code user} or {@code operator}. */
    AccessLevel level();

    /** The level configured on the socket; some dumps depend on it rather than on {@link #level()}. */
    AccessLevel socketLevel();

    /** Lowers the session level; a session can never raise it. */
    void lowerLevel(AccessLevel level);

    /** Switches interactive mode with the {@code > } prompt on or off. */
    void togglePrompt();

    /** Closes the session once the answers before this command are written. */
    void quit();

    /** The commands this session answers (for {@code help}). */
    CommandRegistry commands();

    /** Replaces the idle timeout of this session ({@code set timeout cli}). */
    void setIdleTimeout(Duration timeout);
}
