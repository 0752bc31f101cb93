package io.ganglion.balancer.session;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.stats.ProxyIds;
import io.ganglion.balancer.proxy.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/** The {@code session} package: the commands on live streams and on the protocol errors they met. */
public final class SessionModule implements BalancerModule {
    @Override
    public String name() {
        return "session";
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        List<CliCommand> rows = new ArrayList<>(SessionCommands.table(context.balancer()::backend, context.eventLoops(),
                HttpSession::closeIdleServerConnections).rows());
        BalancerConfig config = context.balancer().config();
        rows.addAll(ErrorCommands.table(config.proxies(), new ProxyIds(config), context.balancer().errorCaptures()).rows());
        return new CommandTable(name(), rows);
    }
}
