package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import java.util.List;

/** The {@code runtime} package: {@code stats socket}, {@code stats timeout}... (the CLI's own commands are in every {@link CommandRegistry}). */
public final class RuntimeModule implements BalancerModule {
    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return StatsSocketKeywords.rows();
    }
}
