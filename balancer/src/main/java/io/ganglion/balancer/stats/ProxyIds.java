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
    /**
     * The proxy {@code show stat}'s first filter word names, as HAProxy 2.6 finds it: by name, else
     * by the id {@code atoi} reads from the word ({@code "3abc"} is id 3).
     *
     * @return empty for a word that reads as 0 (no such proxy); a list without the proxy for an id
     *         no proxy has (nothing to show)
     */
    public Optional<List<ProxySection>> find(String nameOrId) {
        for (ProxySection p : proxies) {
            if (p.name().equals(nameOrId)) {
                return Optional.of(List.of(p));
            }
        }
        int iid = StatRequest.atoi(nameOrId);
        if (iid == 0) {
            return Optional.empty();
        }
        return Optional.of(proxies.stream().filter(p -> ids.get(p.name()) == iid).toList());
    }
}
