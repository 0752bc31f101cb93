package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a command table: the words that select the command, the line {@code help} prints for
 * it, the lowest session level allowed to run it, and the handler.
 *
 * <p>A command is selected when its words are the first words of a request ({@code show cli level}
 * matches {@code show cli level extra args}); the handler sees every word.
 *
 * <pre>{@code
 * CliCommand.haproxy(AccessLevel.ADMIN, this::setWeight, "set", "weight")   // usage from HAProxy 2.6
 * new CliCommand(List.of("show", "audit"), "show audit                              : ...", USER, h)
 * }</pre>
 *
 * @param words   the command words, at most {@value #MAX_WORDS}, none blank
 * @param usage   the full {@code help} line without its two leading spaces (syntax padded to 40
 *                columns, {@code ": "}, description), or empty for a command {@code help} does not
 *                list (as HAProxy does for {@code help}, {@code prompt}, {@code quit})
 * @param level   the lowest session level that may run it; below it the answer is {@code Permission denied}
 * @param handler what runs it
 */
public record CliCommand(List<String> words, Optional<String> usage, AccessLevel level, CommandHandler handler) {

    /** HAProxy's CLI_PREFIX_KW_NB: a command is named by at most this many words. */
    public static final int MAX_WORDS = 5;

    public CliCommand {
        words = List.copyOf(words);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(handler, "handler");
        if (words.isEmpty() || words.size() > MAX_WORDS) {
            throw new IllegalArgumentException("a command has 1 to " + MAX_WORDS + " words: " + words);
        }
        for (String word : words) {
            if (word.isBlank() || word.chars().anyMatch(c -> c == ' ' || c == '\t')) {
                throw new IllegalArgumentException("command words must be single non-blank words: " + words);
            }
        }
        if (usage.filter(line -> line.contains("\n")).isPresent()) {
            throw new IllegalArgumentException("a usage line has no line break: " + words);
        }
    }

    /** A listed command with its own usage line. */
    public CliCommand(List<String> words, String usage, AccessLevel level, CommandHandler handler) {
        this(words, Optional.of(usage), level, handler);
    }

    /**
     * A command HAProxy 2.6 also has: its {@code help} line is HAProxy's, word for word.
     *
     * @throws IllegalArgumentException when HAProxy 2.6's help does not list these words
     */
    public static CliCommand haproxy(AccessLevel level, CommandHandler handler, String... words) {
        List<String> key = List.of(words);
        String usage = Haproxy26Usage.usageOf(key).orElseThrow(() -> new IllegalArgumentException(
                "HAProxy 2.6's help lists no command '" + String.join(" ", key) + "'"));
        return new CliCommand(key, Optional.of(usage), level, handler);
    }

    /** A command {@code help} does not list. */
    public static CliCommand unlisted(AccessLevel level, CommandHandler handler, String... words) {
        return new CliCommand(List.of(words), Optional.empty(), level, handler);
    }

    /** True when these command words are the first words of {@code args}. */
    boolean isPrefixOf(List<String> args) {
        // By index: a sub-list and its iterators per candidate row were most of a lookup's heap.
        if (args.size() < words.size()) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            if (!words.get(i).equals(args.get(i))) {
                return false;
            }
        }
        return true;
    }
}
