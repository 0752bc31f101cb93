package io.ganglion.balancer.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy's request syntax ({@code cli_io_handler} and {@code cli_parse_request} in cli.c), as
 * pure functions:
 * <ul>
 *   <li>an unescaped {@code ;} ends a command, like LF; {@code \} escapes the next character;</li>
 *   <li>one CR right before the end of a command is dropped;</li>
 *   <li>words are separated by spaces and tabs, with no quoting: {@code \ } is a literal space,
 *       {@code \\} a backslash, {@code \x} is {@code x}, a lone trailing {@code \} disappears;</li>
 *   <li>a command ending with {@code <<} is followed by a payload ended by an empty line; the
 *       payload reaches the handler only when {@code <<} is a word of its own.</li>
 * </ul>
 */
final class RequestSyntax {
    /** HAProxy's MAX_CLI_ARGS. HAProxy ignores further words; Ganglion refuses the command. */
    static final int MAX_WORDS = 64;
    static final String PAYLOAD_MARKER = "<<";

    private RequestSyntax() {
    }

    /**
     * A command of a line and where the line's next command starts, after the unescaped {@code ;}
     * that ended it. An index rather than the rest of the line: a 16 kB line of a thousand commands
     * copied its rest once per command, 8 MB of strings for one line.
     */
    record Split(String command, int next) {
        /** {@link #next} when the command was the line's last. */
        static final int NONE = -1;
    }

    /** The command of {@code line} that starts at {@code from}, and where the next one starts. */
    static Split firstCommand(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ';') {
                return new Split(dropFinalCr(line.substring(from, i)), i + 1);
            }
        }
        return new Split(dropFinalCr(line.substring(from)), Split.NONE);
    }

    static String dropFinalCr(String text) {
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** True when the command asks for a payload (HAProxy looks at its last two characters only). */
    static boolean announcesPayload(String command) {
        return command.endsWith(PAYLOAD_MARKER);
    }

    /**
     * The words of a command.
     *
     * @param words           unescaped words
     * @param payloadExpected true when {@code <<} stood alone at the end
     * @param tooManyWords    true when there were more than {@link #MAX_WORDS} words
     */
    record Words(List<String> words, boolean payloadExpected, boolean tooManyWords) {
    }

    static Words words(String command) {
        List<String> words = new ArrayList<>();
        int p = 0;
        int end = command.length();
        while (p < end) {
            while (p < end && isBlank(command.charAt(p))) {
                p++;
            }
            if (p == end) {
                break;
            }
            // Compared in place: the rest of the command copied per word was most of its heap.
            if (end - p == PAYLOAD_MARKER.length() && command.startsWith(PAYLOAD_MARKER, p)) {
                return new Words(words, true, false);
            }
            if (words.size() == MAX_WORDS) {
                return new Words(words, false, true);
            }
            int start = p;
            while (p < end && !isBlank(command.charAt(p)) && command.charAt(p) != '\\') {
                p++;
            }
            if (p == end || isBlank(command.charAt(p))) {
                words.add(command.substring(start, p)); // no escape: the word as it stands
                continue;
            }
            StringBuilder word = new StringBuilder(command.length() - start).append(command, start, p);
            while (p < end && !isBlank(command.charAt(p))) {
                char c = command.charAt(p++);
                if (c == '\\') {
                    if (p < end) {
                        word.append(command.charAt(p++));
                    }
                } else {
                    word.append(c);
                }
            }
            words.add(word.toString());
        }
        return new Words(words, false, false);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
