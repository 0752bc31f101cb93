package io.ganglion.balancer.check;

import io.ganglion.balancer.config.ConfigCheck;
import io.ganglion.balancer.config.KeywordRow;
import io.ganglion.balancer.config.ServerOption;
import io.ganglion.balancer.module.BalancerModule;
import java.util.List;

/**
 * The {@code check} package: health check and agent check keywords, the server options of checks,
 * agents and {@code track}, and the check of {@code track} targets.
 */
public final class CheckModule implements BalancerModule {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public List<KeywordRow> configKeywords() {
        return HealthCheckKeywords.rows();
    }

    @Override
    public List<ServerOption> serverOptions() {
        return CheckOptions.rows();
    }

    @Override
    public List<ServerOption.SpecCheck> serverSpecChecks() {
        return CheckOptions.specChecks();
    }

    @Override
    public List<ConfigCheck> configChecks() {
        return List.of(new TrackReferences());
    }
}
