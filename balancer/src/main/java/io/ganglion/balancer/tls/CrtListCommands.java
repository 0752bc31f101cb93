package io.ganglion.balancer.tls;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;

import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code show ssl crt-list [-n] [LIST]} in HAProxy 2.6's words: without a name, the paths of the
 * crt-lists in name order (a {@code crt DIR} is one, a {@code crt FILE} is not); with one, its
 * certificates with their options and SNI filters ({@link CrtList#dump}).
 */
final class CrtListCommands {

    private CrtListCommands() {
    }

    /** @param lists every bind line's crt-lists (a path named on several lines is one list) */
    static CommandTable table(Supplier<List<CrtList>> lists) {
        return new CommandTable("tls", List.of(CliCommand.haproxy(ADMIN, CommandHandler.sync(r -> {
            boolean numbered = r.arg(3).equals("-n");
            String name = r.arg(numbered ? 4 : 3);
            TreeMap<String, CrtList> byPath = new TreeMap<>();
            lists.get().forEach(l -> byPath.putIfAbsent(l.path(), l));
            if (name.isEmpty()) {
                if (numbered) {
                    throw new CommandException("'show ssl crt-list -n' expects a filename or a directory");
                }
                StringBuilder out = new StringBuilder();
                byPath.keySet().forEach(p -> out.append(p).append('\n'));
                return out.toString();
            }
            CrtList list = byPath.get(name);
            if (list == null) {
                throw new CommandException("didn't find the specified filename");
            }
            return list.dump(numbered);
        }), "show", "ssl", "crt-list")));
    }
}
