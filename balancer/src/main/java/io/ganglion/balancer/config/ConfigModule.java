package io.ganglion.balancer.config;

import io.ganglion.balancer.module.BalancerModule;
import java.util.ArrayList;
import java.util.List;

/** The global section's own keywords (process settings, environment, the ones accepted without effect). */
public final class ConfigModule implements BalancerModule {
    @Override
    public String name() {
        return "config";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        List<KeywordRow> rows = new ArrayList<>(GlobalKeywords.rows());
        rows.addAll(EnvironmentKeywords.rows());
        rows.addAll(IgnoredGlobalKeywords.rows());
        return rows;
    }
}
