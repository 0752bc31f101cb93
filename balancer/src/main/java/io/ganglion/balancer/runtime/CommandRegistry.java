package io.ganglion.balancer.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every socket command of the balancer, gathered from the tables its packages contribute, and the
 * {@code help} and "Unknown command" answers generated from them. Immutable once built, so
 * sessions on any event loop read it without locking.
 *
 * <pre>{@code
 * CommandRegistry registry = CommandRegistry.builder()   // already holds the CLI's own commands
 *         .register(CommandTable.of("test", row))
 *         .build();
 * }</pre>
 *
 * <p>The balancer builds its registry from the packages' module descriptors
 * ({@code BalancerModules.commandRegistry}), not from a list of tables.
 *
 * <p>Rows are kept in HAProxy's {@code help} order (usage lines compared byte by byte, the order
 * of {@link Haproxy26Usage}), whatever the order the tables were registered in.
 */
public final class CommandRegistry {
    private final List<CliCommand> rows;
    /** The rows by their first word: a lookup compares only the few rows that can match. */
    private final Map<String, List<CliCommand>> rowsByFirstWord;
    private final UsageMessage usage;

    private CommandRegistry(List<CliCommand> rows) {
        this.rows = List.copyOf(rows);
        Map<String, List<CliCommand>> byFirst = new HashMap<>();
        for (CliCommand row : this.rows) {
            byFirst.computeIfAbsent(row.words().get(0), w -> new ArrayList<>()).add(row);
        }
        byFirst.replaceAll((word, list) -> List.copyOf(list));
        this.rowsByFirstWord = Map.copyOf(byFirst);
        this.usage = new UsageMessage(this.rows);
    }

    /** A builder that already holds the CLI's own table ({@link CliCommands}). */
    public static Builder builder() {
        return new Builder().register(CliCommands.table());
    }

    /** Every row, in {@code help} order (unlisted rows last). */
    public List<CliCommand> rows() {
        return rows;
    }

    /**
     * The command a request names: the row whose words begin {@code args}, the longest one when
     * several do (HAProxy takes the first registered; its own tables never overlap that way).
     */
    public Optional<CliCommand> find(List<String> args) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        CliCommand found = null;
        for (CliCommand row : rowsByFirstWord.getOrDefault(args.get(0), List.of())) {
            if (row.isPrefixOf(args) && (found == null || row.words().size() > found.words().size())) {
                found = row;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The answer to {@code help} followed by {@code topic} (possibly empty). */
    public String help(List<String> topic) {
        return usage.help(topic);
    }

    /** The answer to a request that names no command (an empty one included). */
    public String unknownCommand(List<String> args) {
        return usage.unknown(args);
    }

    /** Collects tables; refuses two rows with the same words. */
    public static final class Builder {
        private final List<CliCommand> rows = new ArrayList<>();
        private final Map<List<String>, String> ownerByWords = new HashMap<>();

        private Builder() {
        }

        public Builder register(CommandTable table) {
            for (CliCommand row : table.rows()) {
                String previous = ownerByWords.putIfAbsent(row.words(), table.owner());
                if (previous != null) {
                    throw new IllegalArgumentException("command '" + String.join(" ", row.words())
                            + "' of " + table.owner() + " is already registered by " + previous);
                }
                rows.add(row);
            }
            return this;
        }

        public CommandRegistry build() {
            List<CliCommand> ordered = new ArrayList<>(rows);
            ordered.sort(Comparator.comparing((CliCommand row) -> row.usage().isEmpty())
                    .thenComparing(row -> row.usage().orElse("")));
            return new CommandRegistry(ordered);
        }
    }
}
