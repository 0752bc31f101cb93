package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.runtime.CommandTable;
import io.ganglion.balancer.stats.page.StatsPageChecks;
import io.ganglion.balancer.stats.page.StatsPageKeywords;
import io.ganglion.balancer.stats.page.StatsPageLink;
import java.util.List;

/** The {@code stats} package: the stats page keywords, {@code show stat|info|backend}, {@code clear counters}. */
public final class StatsModule implements BalancerModule {
    @Override
    public String name() {
        return "stats";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return StatsPageKeywords.rows();
    }

    @Override
    public List<ConfigCheck> configChecks() {
        return StatsPageChecks.all();
    }

    @Override
    public CommandTable commands(ModuleContext context) {
        return StatsCommands.table(context.balancer(), context.control());
    }

    @Override
    public void beforeStart(ModuleContext context) {
        StatsPageLink link = StatsPageLink.of(context.balancer().config().global());
        if (link != null) {
            link.link(context.balancer(), context.commandRegistry());
        }
    }
}
