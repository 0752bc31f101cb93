package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.List;

/**
 * The {@code stick} package: the {@code stick-table} keyword, the tables of the running balancer
 * (kept in the balancer's {@link ModuleContext#packageState}, where the tracking rules will find
 * them too), their expiry, and {@code show|set|clear table}.
 */
public final class StickModule implements BalancerModule {
    @Override
    public String name() {
        return "stick";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return List.of(StickTableKeyword.row());
    }

    @Override
    public List<ConfigCheck> configChecks() {
        return List.of(StickTableKeyword.uniqueNames());
    }

    /** The balancer's tables, made on first use. */
    public static StickTables tables(ModuleContext context) {
        return context.packageState(StickTables.class, () -> StickTables.of(context.balancer().config()));
    }

    @Override
    public void beforeStart(ModuleContext context) {
        tables(context).startPurging(context.control());
    }

    @Override
    public void afterStop(ModuleContext context) {
        tables(context).stopPurging();
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return TableCommands.table(tables(context));
    }
}
