package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.BindOption;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/** The {@code proxy} package: proxy section keywords, and the frontend commands. */
public final class ProxyModule implements BalancerModule {
    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return ProxyKeywords.rows();
    }

    @Override
    public List<BindOption> bindOptions() {
        return ListenerKeywords.bindOptions();
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return FrontendCommands.table(context.frontendControl(), context.control());
    }
}
