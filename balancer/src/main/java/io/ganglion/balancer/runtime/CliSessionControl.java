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

    /**
     * Sets the session level to {@code level}, which the caller has checked is not above the
     * current one (a session can never raise it), and turns both {@link SessionMode}s off, as
     * HAProxy does on every level change.
     */
    void lowerLevel(AccessLevel level);

    /** Whether {@code mode} is on for this session. */
    boolean inMode(SessionMode mode);

    void setMode(SessionMode mode, boolean on);

    /**
     * Sends the running command's answer without what ends it (the empty line), as HAProxy does for
     * a level command given {@code -}: a program that sets the level before each of its commands
     * (HAProxy's master CLI does) gets only the answers of those. In interactive mode the prompt
     * follows anyway. Applies to the running command only.
     */
    void omitAnswerEnd();

    /**
     * Makes {@code dump} the running command's answer (after the text its handler returns, usually
     * none): written piece by piece, each once the client has read enough of the previous ones,
     * then what ends the answer. The session runs no later command until the dump is complete.
     * {@link CommandHandler#dump} is the usual way to call it.
     */
    void answerInPieces(AnswerDump dump);

    /** Switches interactive mode with the {@code > } prompt on or off. */
    void togglePrompt();

    /** Closes the session once the answers before this command are written. */
    void quit();

    /** The commands this session answers (for {@code help}). */
    CommandRegistry commands();

    /** Replaces the idle timeout of this session ({@code set timeout cli}). */
    void setIdleTimeout(Duration timeout);
}
