package io.ganglion.balancer.stick;

import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandRequest;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code show table}, {@code set table}, {@code clear table}: one parser for the three, as in
 * HAProxy 2.6, with its answers and error texts (captures 151-192 and a live HAProxy 2.6 on the
 * same inputs).
 *
 * <p>Levels as HAProxy's: anyone lists the tables and sees a table's head line; naming a key needs
 * the operator level of the session ({@code Permission denied}); the entries of a whole-table
 * dump and a whole-table clear need the operator level of the socket itself (a {@code user}
 * session on an admin socket still sees them, a user socket sees
 * {@code # contents not dumped due to insufficient privileges} and clears nothing).
 *
 * <p>The tables are thread-safe, so the commands run on the session's loop without a hand-over.
 */
final class TableCommands {
    private enum Action {
        SHOW, SET, CLEAR
    }

    private final StickTables tables;

    private TableCommands(StickTables tables) {
        this.tables = tables;
    }

    static CommandTable table(StickTables tables) {
        TableCommands c = new TableCommands(tables);
        return CommandTable.of("stick",
                CliCommand.haproxy(USER, c.handler(Action.CLEAR), "clear", "table"),
                CliCommand.haproxy(USER, c.handler(Action.SET), "set", "table"),
                CliCommand.haproxy(USER, c.handler(Action.SHOW), "show", "table"));
    }

    /**
     * Short answers are written at once; only a whole-table dump goes in pieces (a piece waits for
     * the loop's next turn, which a million {@code set table} in a row must not each pay).
     */
    private CommandHandler handler(Action action) {
        return request -> {
            Answer answer = run(action, request);
            if (answer.dump() != null) {
                request.session().answerInPieces(answer.dump());
            }
            return CompletableFuture.completedFuture(answer.text());
        };
    }

    /** A command's answer: its text, or a dump to write in pieces after it. */
    private record Answer(String text, AnswerDump dump) {
    }

    private Answer run(Action action, CommandRequest r) {
        String name = r.arg(2);
        if (name.isEmpty()) {
            if (action != Action.SHOW) {
                throw argumentsError(action);
            }
            return text(listTables());
        }
        StickTable table = tables.table(name).orElseThrow(() -> new CommandException("No such table\n"));
        String word = r.arg(3);
        if (word.equals("key")) {
            return text(byKey(action, table, r));
        }
        List<DataFilter> filters = List.of();
        if (word.startsWith("data.")) {
            if (action == Action.SET) {
                throw new CommandException(
                        "content-based lookup is only supported with the \"show\" and \"clear\" actions\n");
            }
            filters = DataFilter.parse(r, table);
        } else if (!word.isEmpty()) {
            throw argumentsError(action);
        }
        boolean contents = r.session().socketLevel().allows(AccessLevel.OPERATOR);
        if (action == Action.SHOW) {
            if (!contents) {
                StringBuilder out = new StringBuilder();
                TableText.head(table, out);
                return text(out.append("# contents not dumped due to insufficient privileges\n").toString());
            }
            return new Answer("", new TableDump(table, filters));
        }
        if (contents) {
            // HAProxy 2.6 runs "set table NAME" without a key as a clear of the table (capture 180)
            List<DataFilter> f = filters;
            table.removeAll(e -> DataFilter.acceptsAll(f, e));
        }
        return text("");
    }

    private String listTables() {
        StringBuilder out = new StringBuilder();
        // HAProxy 2.6 lists the last declared table first
        List<StickTable> all = tables.all();
        for (int i = all.size() - 1; i >= 0; i--) {
            TableText.head(all.get(i), out);
        }
        return out.toString();
    }

    private String byKey(Action action, StickTable table, CommandRequest r) {
        String keyText = r.arg(4);
        if (keyText.isEmpty()) {
            throw new CommandException("Key value expected\n");
        }
        if (table.spec().keyType() == KeyType.BINARY) {
            throw new CommandException(switch (action) {
                case SHOW -> "Showing keys from tables of type other than ip, ipv6, string and integer is not supported\n";
                case CLEAR -> "Removing keys from tables of type other than ip, ipv6, string and integer is not supported\n";
                case SET -> "Inserting keys into tables of type other than ip, ipv6, string and integer is not supported\n";
            });
        }
        byte[] key = table.spec().keyType().parseCommandKey(keyText, table.spec().keyLength())
                .orElseThrow(() -> new CommandException("Invalid key\n"));
        if (!r.session().level().allows(AccessLevel.OPERATOR)) {
            throw new CommandException("Permission denied\n");
        }
        return switch (action) {
            case SHOW -> Optional.ofNullable(table.read(key, e -> {
                StringBuilder out = new StringBuilder();
                TableText.head(table, out);
                new TableText(table).entry(e, out);
                return out.toString();
            })).orElse("");
            case CLEAR -> {
                if (!table.remove(key)) {
                    throw new CommandException("Entry currently in use, cannot remove\n");
                }
                yield "";
            }
            case SET -> set(table, key, r);
        };
    }

    /**
     * Creates the entry, then applies each {@code data.TYPE VALUE} in order; HAProxy 2.6 stops at
     * the first bad pair with its error, keeping the entry and the pairs before it.
     */
    private static String set(StickTable table, byte[] key, CommandRequest r) {
        long handle = table.findOrCreate(key);
        if (handle < 0) {
            throw new CommandException("Unable to allocate a new entry\n");
        }
        for (int i = 5; !r.arg(i).isEmpty(); i += 2) {
            String word = r.arg(i);
            if (!word.startsWith("data.")) {
                throw new CommandException("\"data.<type>\" followed by a value expected\n");
            }
            DataType type = DataType.byKeyword(word.substring(5))
                    .orElseThrow(() -> new CommandException("Unknown data type\n"));
            if (!table.stores(type)) {
                throw new CommandException("Data type not stored in this table\n");
            }
            Long value = DataFilter.integer(r.arg(i + 1));
            if (value == null) {
                throw new CommandException("Require a valid integer value to store\n");
            }
            table.set(handle, type, value);
        }
        return "";
    }

    private static CommandException argumentsError(Action action) {
        return new CommandException(switch (action) {
            case SHOW -> "Optional argument only supports \"data.<store_data_type>\" <operator> <value> and key <key>\n";
            case CLEAR -> "Required arguments: <table> \"data.<store_data_type>\" <operator> <value> or <table> key <key>\n";
            case SET -> "Required arguments: <table> key <key> [data.<store_data_type> <value>]*\n";
        });
    }

    private static Answer text(String answer) {
        return new Answer(answer, null);
    }
}
