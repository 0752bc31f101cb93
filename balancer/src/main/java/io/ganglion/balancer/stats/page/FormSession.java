package io.ganglion.balancer.stats.page;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CliSessionControl;
import io.ganglion.balancer.runtime.CommandRegistry;
import io.ganglion.balancer.runtime.SessionMode;
import java.time.Duration;

/**
 * The session the admin form's commands run in: an admin-level one-shot session with no socket
 * behind it. The form runs only commands that answer in one piece and change no session state.
 */
enum FormSession implements CliSessionControl {
    ADMIN;

    @Override
    public AccessLevel level() {
        return AccessLevel.ADMIN;
    }

    @Override
    public AccessLevel socketLevel() {
        return AccessLevel.ADMIN;
    }

    @Override
    public void lowerLevel(AccessLevel level) {
        throw new UnsupportedOperationException("the stats page's form has no session level to change");
    }

    @Override
    public boolean inMode(SessionMode mode) {
        return false;
    }

    @Override
    public void setMode(SessionMode mode, boolean on) {
        throw new UnsupportedOperationException("the stats page's form has no session mode");
    }

    @Override
    public void omitAnswerEnd() {
    }

    @Override
    public void answerInPieces(AnswerDump dump) {
        throw new UnsupportedOperationException("the stats page's form runs no command answered in pieces");
    }

    @Override
    public void togglePrompt() {
        throw new UnsupportedOperationException("the stats page's form has no prompt");
    }

    @Override
    public void quit() {
    }

    @Override
    public CommandRegistry commands() {
        throw new UnsupportedOperationException("the stats page's form lists no commands");
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
    }
}
