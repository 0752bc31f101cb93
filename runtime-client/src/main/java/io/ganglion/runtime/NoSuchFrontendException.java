package io.ganglion.runtime;

/** The frontend named in the command does not exist. */
public class NoSuchFrontendException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    public NoSuchFrontendException(String command, String answerText) {
        super(command, answerText);
    }
}
