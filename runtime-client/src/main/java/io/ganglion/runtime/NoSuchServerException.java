package io.ganglion.runtime;

/** The backend exists but has no server of that name. */
public class NoSuchServerException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    public NoSuchServerException(String command, String answerText) {
        super(command, answerText);
    }
}
