package io.ganglion.balancer.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The socket commands one package contributes, declared next to the code that implements them
 * (HAProxy's per-module {@code cli_kw_list}).
 *
 * @param owner the contributing package or subsystem, named in registration errors
 * @param rows  its commands
 */
public record CommandTable(String owner, List<CliCommand> rows) {
    public CommandTable {
        Objects.requireNonNull(owner, "owner");
        rows = List.copyOf(rows);
    }

    public static CommandTable of(String owner, CliCommand... rows) {
        return new CommandTable(owner, List.of(rows));
    }
}
