package io.ganglion.balancer.server;

import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/**
 * The {@code server} package: {@code server}, {@code default-server}, the options it owns on them,
 * and the server commands.
 */
public final class ServerModule implements BalancerModule {
    @Override
    public String name() {
        return "server";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return ServerKeywords.rows();
    }

    @Override
    public List<ServerOption> serverOptions() {
        return ServerOptions.rows();
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return ServerCommands.table(context.balancer()::backend, context.control(),
                new ServerSpecParser(context.serverOptions()));
    }
}
