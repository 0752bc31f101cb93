package io.ganglion.balancer.session;

import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.proxy.http.HttpSession;

/** The {@code session} package: the commands on live streams. */
public final class SessionModule implements BalancerModule {
    @Override
    public String name() {
        return "session";
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return SessionCommands.table(context.balancer()::backend, context.eventLoops(),
                HttpSession::closeIdleServerConnections);
    }
}
