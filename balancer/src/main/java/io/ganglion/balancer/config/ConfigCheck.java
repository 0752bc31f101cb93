package io.ganglion.balancer.config;

import java.util.List;
import java.util.Map;

/**
 * A check a package runs once every section is read, on what its keywords set across proxies
 * (HAProxy's post-parsing checks), e.g. that a {@code track} names a server that exists.
 */
@FunctionalInterface
public interface ConfigCheck {
    /**
     * @param proxies  every proxy, in file order
     * @param backends the proxies with a backend side, by name
     * @param problems where alerts and warnings go, at the file:line of what they concern
     */
    void check(List<ProxySection> proxies, Map<String, ProxySection> backends, List<Problem> problems);
}
