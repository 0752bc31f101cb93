package io.ganglion.runtime;

/** The server refused an argument: a weight out of range, a bad address, a missing value... */
public class InvalidArgumentException extends CommandFailedException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String command, String answerText) {
        super(command, answerText);
    }
}
