package io.ganglion.balancer.state;

import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/** The {@code state} package: {@code server-state-file} keywords and {@code show servers state}. */
public final class StateModule implements BalancerModule {
    @Override
    public String name() {
        return "state";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return ServerStateKeywords.rows();
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return StateCommands.table(context.balancer());
    }
}
