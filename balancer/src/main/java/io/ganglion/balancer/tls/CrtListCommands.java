package io.ganglion.balancer.tls;

import static io.ganglion.balancer.config.AccessLevel.ADMIN;

import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandException;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/**
 * {@code show ssl crt-list [-n] [LIST]} in HAProxy 2.6's words. {@code bind} lines take no
 * {@code crt-list} here yet, so there is no list to show: the list of lists is empty and a list
 * asked by name is not found, as HAProxy answers for a name it does not have (a plain
 * {@code crt FILE} is not a list there either). Not yet as HAProxy: a {@code crt DIR}, which
 * HAProxy lists as a crt-list of the directory's files.
 */
final class CrtListCommands {

    private CrtListCommands() {
    }

    static CommandTable table() {
        return new CommandTable("tls", List.of(CliCommand.haproxy(ADMIN, CommandHandler.sync(r -> {
            boolean numbered = r.arg(3).equals("-n");
            String name = r.arg(numbered ? 4 : 3);
            if (name.isEmpty()) {
                if (numbered) {
                    throw new CommandException("'show ssl crt-list -n' expects a filename or a directory");
                }
                return "";
            }
            throw new CommandException("didn't find the specified filename");
        }), "show", "ssl", "crt-list")));
    }
}
