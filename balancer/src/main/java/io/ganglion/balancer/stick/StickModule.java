package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.module.ActionKeyword;
import io.ganglion.balancer.module.BalancerModule;
import io.ganglion.balancer.module.FetchKeyword;
import io.ganglion.balancer.module.ModuleContext;
import io.ganglion.balancer.rules.RulesLoad;
import io.ganglion.balancer.runtime.CommandTable;
import java.util.ArrayList;
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
    public List<KeywordRow> configKeywords(io.ganglion.balancer.module.BalancerModules all) {
        // the rule language is made at first use: every descriptor exists by then
        io.ganglion.balancer.rules.RuleLanguage[] language = new io.ganglion.balancer.rules.RuleLanguage[1];
        return List.of(StickTableKeyword.row(), StickRulesKeyword.row(() -> {
            if (language[0] == null) {
                language[0] = new io.ganglion.balancer.rules.RuleLanguage(all.modules());
            }
            return language[0];
        }));
    }

    @Override
    public List<ConfigCheck> configChecks() {
        return List.of(StickTableKeyword.uniqueNames(), StickModule::checkTableNames);
    }

    /** The tables the rules name exist once the whole file is read (HAProxy resolves them then). */
    private static void checkTableNames(List<ProxySection> proxies, java.util.Map<String, ProxySection> backends,
            List<io.ganglion.balancer.config.Problem> problems) {
        TableLinks links = TableLinks.find(rulesLoad(proxies));
        if (links != null) {
            links.check(proxies, problems);
        }
    }

    private static RulesLoad rulesLoad(List<ProxySection> proxies) {
        for (ProxySection p : proxies) {
            RulesLoad load = p.get(RulesLoad.SETTING);
            if (load != null) {
                return load;
            }
        }
        return null;
    }

    @Override
    public List<FetchKeyword> sampleFetches() {
        return StickFetches.table();
    }

    @Override
    public List<io.ganglion.balancer.module.ConverterKeyword> converters() {
        return TableConverters.table();
    }

    @Override
    public List<ActionKeyword> actions() {
        List<ActionKeyword> all = new ArrayList<>(TrackActions.table());
        all.addAll(CounterActions.table());
        return all;
    }

    /** The balancer's tables, made on first use. */
    public static StickTables tables(ModuleContext context) {
        return context.packageState(StickTables.class, () -> StickTables.of(context.balancer().config()));
    }

    @Override
    public void beforeStart(ModuleContext context) {
        StickTables tables = tables(context);
        TableLinks links = TableLinks.find(context.balancer().config().global().get(RulesLoad.SETTING));
        if (links != null) {
            links.link(tables);
        }
        tables.startPurging(context.control());
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
