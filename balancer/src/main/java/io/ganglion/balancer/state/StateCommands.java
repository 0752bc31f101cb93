package io.ganglion.balancer.state;

import static io.ganglion.balancer.config.AccessLevel.USER;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandHandler;
import io.ganglion.balancer.runtime.CommandTable;

/** {@code show servers state [backend]}: the text of the server-state-file, live, written in pieces. */
public final class StateCommands {
    private StateCommands() {
    }

    public static CommandTable table(BalancerView balancer) {
        return CommandTable.of("state",
                CliCommand.haproxy(USER, CommandHandler.dump(
                        r -> ShowServersState.dump(balancer, r.arg(3).isEmpty() ? null : r.arg(3))),
                        "show", "servers", "state"));
    }
}
