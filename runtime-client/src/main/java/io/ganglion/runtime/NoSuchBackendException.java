package io.ganglion.runtime;

/** The backend (or proxy) named in the command does not exist. */
public class NoSuchBackendException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    public NoSuchBackendException(String command, String answerText) {
        super(command, answerText);
    }
}
