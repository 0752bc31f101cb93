package io.ganglion.balancer.config;

import java.util.List;

/** A valid configuration and the warnings it still earned (e.g. missing timeouts). */
public record LoadedConfig(BalancerConfig config, List<Problem> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
