package io.ganglion.balancer.config;

import io.ganglion.balancer.check.HealthCheckKeywords;
import io.ganglion.balancer.lb.BalanceKeywords;
import io.ganglion.balancer.proxy.ProxyKeywords;
import io.ganglion.balancer.runtime.StatsSocketKeywords;
import io.ganglion.balancer.server.ServerKeywords;
import io.ganglion.balancer.state.ServerStateKeywords;
import io.ganglion.balancer.stats.StatsPageKeywords;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Links the keyword tables that each balancer package declares; the parser knows no keyword itself. */
public final class ConfigKeywordTables {
    private ConfigKeywordTables() {
    }

    /** Every row, the longest words first, so that {@code option httpchk} wins over the catch-all {@code option}. */
    public static List<KeywordRow> all() {
        List<KeywordRow> rows = new ArrayList<>();
        rows.addAll(GlobalKeywords.rows());
        rows.addAll(EnvironmentKeywords.rows());
        rows.addAll(IgnoredGlobalKeywords.rows());
        rows.addAll(ProxyKeywords.rows());
        rows.addAll(ServerKeywords.rows());
        rows.addAll(BalanceKeywords.rows());
        rows.addAll(HealthCheckKeywords.rows());
        rows.addAll(StatsPageKeywords.rows());
        rows.addAll(StatsSocketKeywords.rows());
        rows.addAll(ServerStateKeywords.rows());
        rows.sort(Comparator.comparingInt((KeywordRow r) -> r.words().size()).reversed());
        return List.copyOf(rows);
    }
}
