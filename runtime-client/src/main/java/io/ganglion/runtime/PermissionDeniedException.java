package io.ganglion.runtime;

/** The socket's access level is too low for the command (for example a {@code level user} socket). */
public class PermissionDeniedException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String command, String answerText) {
        super(command, answerText);
    }
}
