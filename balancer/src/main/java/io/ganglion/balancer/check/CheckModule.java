package io.ganglion.balancer.check;

import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.module.BalancerModule;
import java.util.List;

/** The {@code check} package: health check and agent check keywords. */
public final class CheckModule implements BalancerModule {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return HealthCheckKeywords.rows();
    }
}
