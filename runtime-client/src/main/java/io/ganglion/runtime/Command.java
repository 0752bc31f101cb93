package io.ganglion.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One stats-socket command, checked so that it is exactly one command: no word may carry a
 * {@code ;} (HAProxy's command separator), a line break (the request terminator), a blank (a
 * word separator), a backslash (HAProxy's escape, which could join or split words), or be the
 * payload marker {@code <<}. Refused text never reaches a socket.
 *
 * @param words the words as sent, joined by single spaces
 * @param check how to tell a success answer from an error answer for this command
 */
public record Command(List<String> words, ReplyCheck check) {

    public Command {
        Objects.requireNonNull(check, "check");
        words = List.copyOf(Objects.requireNonNull(words, "words"));
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least one word");
        }
        words.forEach(Command::requireSingleWord);
    }

    /** A command whose answer is judged by the catalogue of known error texts. */
    public static Command of(String... words) {
        return new Command(List.of(words), ReplyCheck.output());
    }

    /**
     * A command typed as text (the {@code ctl} shell, {@link RuntimeApi#execute(String)}): split on
     * blanks, then held to the same rules as every other command.
     */
    public static Command parse(String line) {
        Objects.requireNonNull(line, "line");
        for (char forbidden : new char[] {'\n', '\r', ';'}) {
            if (line.indexOf(forbidden) >= 0) {
                throw new IllegalArgumentException("one command at a time: " + describe(forbidden)
                        + " is not allowed in " + quote(line));
            }
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return new Command(List.of(trimmed.split("[ \t]+")), ReplyCheck.output());
    }

    /** The text sent on the wire, without the final new line. */
    public String line() {
        return String.join(" ", words);
    }

    /** Checks one argument that must stay a single word (a name, a number, an address...). */
    static String requireSingleWord(String word) {
        if (word == null || word.isEmpty()) {
            throw new IllegalArgumentException("empty word in a command");
        }
        if (word.equals("<<")) {
            throw new IllegalArgumentException("payloads ('<<') are not supported: " + quote(word));
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == ';' || c == '\n' || c == '\r' || c == ' ' || c == '\t' || c == '\\' || c == 0) {
                throw new IllegalArgumentException(describe(c) + " is not allowed in the word " + quote(word));
            }
        }
        return word;
    }

    private static String describe(char c) {
        return switch (c) {
            case '\n' -> "a new line";
            case '\r' -> "a carriage return";
            case ';' -> "';'";
            case ' ', '\t' -> "a blank";
            case 0 -> "a NUL byte";
            default -> "'" + c + "'";
        };
    }

    private static String quote(String text) {
        return "'" + text.replace("\n", "\\n").replace("\r", "\\r") + "'";
    }

    @Override
    public String toString() {
        return line();
    }
}
