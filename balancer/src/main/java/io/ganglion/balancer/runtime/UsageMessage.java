package io.ganglion.balancer.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the answers of {@code help} and of an unknown command from the registered rows, with
 * HAProxy 2.6's wording and choice of lines ({@code cli_gen_usage_msg} in cli.c):
 *
 * <ul>
 *   <li>{@code help [words]}: the listed commands whose words start with {@code words};</li>
 *   <li>an empty request: {@code Unknown command. Please enter one of the following commands only:}
 *       and every listed command;</li>
 *   <li>anything else: {@code Unknown command, but maybe one of the following ones is a better match:}
 *       and up to five commands that share the longest run of leading words and whose remaining
 *       words look closest ({@link WordFingerprint}), or every command sharing that run when none
 *       is close enough.</li>
 * </ul>
 * Lines are sorted by their usage text and always end with the {@code help}/{@code prompt}/{@code quit} lines.
 */
final class UsageMessage {
    static final String HELP_HEADER = "The following commands are valid at this level:\n";
    static final String EMPTY_HEADER = "Unknown command. Please enter one of the following commands only:\n";
    static final String UNKNOWN_HEADER = "Unknown command, but maybe one of the following ones is a better match:\n";
    static final String FOOTER =
            "  help [<command>]                        : list matching or all commands\n"
            + "  prompt                                  : toggle interactive mode with prompt\n"
            + "  quit                                    : disconnect\n";

    /** HAProxy's CLI_MAX_MATCHES: at most this many suggestions. */
    private static final int MAX_SUGGESTIONS = 5;

    private final List<CliCommand> listed;
    /** Listed and unlisted: HAProxy measures how many words a request matches on every row. */
    private final List<CliCommand> all;

    /**
     * @param rows every registered row; unlisted rows are ignored. They are scanned in HAProxy's
     *             registration order ({@link Haproxy26Usage#registrationRank}), which decides
     *             between equally close suggestions as HAProxy does.
     */
    UsageMessage(List<CliCommand> rows) {
        this.listed = rows.stream().filter(row -> row.usage().isPresent())
                .sorted(Comparator.comparingInt(row -> Haproxy26Usage.registrationRank(row.words())))
                .toList();
        this.all = List.copyOf(rows);
    }

    /** The answer to {@code help <topic words>}. */
    String help(List<String> topic) {
        return render(HELP_HEADER, topic);
    }

    /** The answer to a request that names no registered command. */
    String unknown(List<String> args) {
        int matched = longestMatchingWords(args);
        boolean empty = args.isEmpty() || args.get(0).isEmpty();
        return render(matched == 0 && empty ? EMPTY_HEADER : UNKNOWN_HEADER, args);
    }

    private String render(String header, List<String> args) {
        int matched = longestMatchingWords(args);
        List<CliCommand> chosen = suggestions(args, matched);
        if (chosen.isEmpty()) {
            chosen = listed.stream().filter(row -> sharesLeadingWords(row, args, matched)).toList();
        }
        StringBuilder out = new StringBuilder(header);
        chosen.stream().map(row -> row.usage().orElseThrow()).sorted(Comparator.naturalOrder())
                .forEach(usage -> out.append("  ").append(usage).append('\n'));
        return out.append(FOOTER).toString();
    }

    /**
     * How many leading words of {@code args} some command spells exactly, listed or not: as in
     * HAProxy, {@code help experimental-mode} matches one word and lists no command.
     */
    private int longestMatchingWords(List<String> args) {
        int longest = 0;
        for (CliCommand row : all) {
            int n = 0;
            while (n < row.words().size() && n < args.size() && !args.get(n).isEmpty()
                    && row.words().get(n).equals(args.get(n))) {
                n++;
            }
            longest = Math.max(longest, n);
        }
        return longest;
    }

    private static boolean sharesLeadingWords(CliCommand row, List<String> args, int count) {
        if (row.words().size() < count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!row.words().get(i).equals(args.get(i))) {
                return false;
            }
        }
        return true;
    }

    private record Candidate(CliCommand row, int distance) {
    }

    /**
     * The closest commands by the look of the words after the {@code matched} exact ones. Like
     * HAProxy, a candidate must be nearer than 5/2 of the letters compared, only the five nearest
     * are kept (the earlier row wins a tie), and those over 5/2 of the best distance are dropped.
     */
    private List<CliCommand> suggestions(List<String> args, int matched) {
        if (matched >= args.size() || args.get(matched).isEmpty()) {
            return List.of();
        }
        WordFingerprint typed = new WordFingerprint();
        int typedLength = 0;
        for (int i = matched; i < CliCommand.MAX_WORDS && i < args.size() && !args.get(i).isEmpty(); i++) {
            typed.add(args.get(i));
            typedLength += args.get(i).length();
        }
        List<Candidate> best = new ArrayList<>();
        for (CliCommand row : listed) {
            if (!sharesLeadingWords(row, args, matched)) {
                continue;
            }
            WordFingerprint known = new WordFingerprint();
            int totalLength = typedLength;
            for (String word : row.words().subList(matched, row.words().size())) {
                known.add(word);
                totalLength += word.length();
            }
            int distance = typed.distanceTo(known);
            boolean roomLeft = best.size() < MAX_SUGGESTIONS || distance < best.get(best.size() - 1).distance();
            if (distance < 5 * totalLength / 2 && roomLeft) {
                int at = best.size();
                while (at > 0 && best.get(at - 1).distance() > distance) {
                    at--;
                }
                best.add(at, new Candidate(row, distance));
                if (best.size() > MAX_SUGGESTIONS) {
                    best.remove(best.size() - 1);
                }
            }
        }
        if (best.isEmpty()) {
            return List.of();
        }
        int cutoff = 5 * best.get(0).distance() / 2;
        return best.stream().takeWhile(c -> c.distance() <= cutoff).map(Candidate::row).toList();
    }
}
