package io.ganglion.runtime;

/**
 * The server answered, and the answer is an error. {@link #answerText()} keeps HAProxy's own
 * words; subclasses name the errors a caller commonly reacts to.
 */
public class CommandFailedException extends RuntimeApiException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final String answerText;

    public CommandFailedException(String command, String answerText) {
        super("'" + command + "' failed: " + answerText.strip());
        this.command = command;
        this.answerText = answerText;
    }

    /** The command line that was sent. */
    public String command() {
        return command;
    }

    /** The server's answer, verbatim. */
    public String answerText() {
        return answerText;
    }
}
