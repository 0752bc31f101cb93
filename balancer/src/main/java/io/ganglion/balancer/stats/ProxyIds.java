package io.ganglion.balancer.stats;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ProxySection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy's numeric proxy ids ({@code iid}, {@code be_id}): proxies in config order from 2, as
 * HAProxy 2.6 numbers them when its internal CLI proxy holds id 1 (a config with a stats socket,
 * like the captures'). A {@code listen} section has one id for both of its rows.
 */
public final class ProxyIds {
    static final int FIRST_ID = 2;

    private final List<ProxySection> proxies;
    private final Map<String, Integer> ids = new HashMap<>();

    public ProxyIds(BalancerConfig config) {
        this.proxies = config.proxies();
        int id = FIRST_ID;
        for (ProxySection p : proxies) {
            ids.put(p.name(), id++);
        }
    }

    public int id(String proxyName) {
        Integer id = ids.get(proxyName);
        if (id == null) {
            throw new IllegalArgumentException("unknown proxy " + proxyName);
        }
        return id;
    }

    /** A proxy by name or by numeric id, as the {@code show stat} and {@code show errors} arguments allow. */
    public Optional<ProxySection> find(String nameOrId) {
        for (ProxySection p : proxies) {
            if (p.name().equals(nameOrId) || Integer.toString(ids.get(p.name())).equals(nameOrId)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
