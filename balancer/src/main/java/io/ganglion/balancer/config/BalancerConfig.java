package io.ganglion.balancer.config;

import java.util.List;
import java.util.Optional;

/** A whole, validated configuration: the global section and every proxy, in file order. */
public record BalancerConfig(GlobalSection global, List<ProxySection> proxies) {
    public BalancerConfig {
        proxies = List.copyOf(proxies);
    }

    /**
     * Whether anything would listen: a frontend's {@code bind} or a stats socket. HAProxy will not
     * start without one ({@code -c}: "will not start (no listener)"), and neither does Ganglion.
     */
    public boolean hasListener() {
        return !global.statsSockets().isEmpty()
                || proxies.stream().anyMatch(p -> p.isFrontend() && !p.binds().isEmpty());
    }

    public Optional<ProxySection> proxy(String name) {
        return proxies.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
