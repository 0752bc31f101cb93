package io.ganglion.balancer.session;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.proxy.http.HttpSession;
import io.ganglion.balancer.runtime.CliCommand;
import io.ganglion.balancer.runtime.CliConnectionListener;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.stats.ProxyIds;
import io.netty.util.concurrent.EventExecutor;
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
        BalancerConfig config = context.balancer().config();
        ProxyIds proxyIds = new ProxyIds(config);
        List<EventExecutor> trafficLoops = new ArrayList<>();
        context.eventLoops().forEach(trafficLoops::add);
        List<CliCommand> rows = new ArrayList<>(SessionCommands.table(context.balancer()::backend, trafficLoops,
                context.control(), HttpSession::closeIdleServerConnections, proxyIds::id, context.streamNumbers()).rows());
        rows.addAll(ErrorCommands.table(config.proxies(), proxyIds, context.balancer().errorCaptures()).rows());
        return new CommandTable(name(), rows);
    }

    /** HAProxy runs its CLI as streams of the {@code GLOBAL} frontend: {@code show sess} lists them. */
    @Override
    public CliConnectionListener statsSocketConnections(ModuleContext context) {
        return CliStream.register(context.streamNumbers());
    }
}
