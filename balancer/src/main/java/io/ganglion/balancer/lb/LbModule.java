package io.ganglion.balancer.lb;

import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import java.util.List;

/** The {@code lb} package: {@code balance} and its algorithms. */
public final class LbModule implements BalancerModule {
    @Override
    public String name() {
        return "lb";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return BalanceKeywords.rows();
    }
}
