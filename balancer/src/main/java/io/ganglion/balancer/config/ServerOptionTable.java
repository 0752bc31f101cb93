package io.ganglion.balancer.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every package's {@link ServerOption}s by keyword, and their whole-line checks: what the
 * {@code server} and {@code default-server} keywords and the {@code add server} command parse with,
 * so that the configuration and the socket accept exactly the same options.
 */
public final class ServerOptionTable {
    private final Map<String, ServerOption> byKeyword;
    private final List<ServerOption.SpecCheck> checks;

    /** @throws IllegalArgumentException when two options have the same keyword */
    public ServerOptionTable(List<ServerOption> options, List<ServerOption.SpecCheck> checks) {
        Map<String, ServerOption> map = new HashMap<>();
        for (ServerOption o : options) {
            if (map.putIfAbsent(o.keyword(), o) != null) {
                throw new IllegalArgumentException("server option '" + o.keyword() + "' is declared twice");
            }
        }
        this.byKeyword = Map.copyOf(map);
        this.checks = List.copyOf(checks);
    }

    /** The option named {@code keyword}, or null. */
    public ServerOption find(String keyword) {
        return byKeyword.get(keyword);
    }

    /** The whole-line checks, in the order their packages declared them. */
    public List<ServerOption.SpecCheck> checks() {
        return checks;
    }
}
