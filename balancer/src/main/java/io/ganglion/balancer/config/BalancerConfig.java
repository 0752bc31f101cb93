package io.ganglion.balancer.config;

import java.util.List;
import java.util.Optional;

/** A whole, validated configuration: the global section and every proxy, in file order. */
public record BalancerConfig(GlobalSection global, List<ProxySection> proxies) {
    public BalancerConfig {
        proxies = List.copyOf(proxies);
    }

    public Optional<ProxySection> proxy(String name) {
        return proxies.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
