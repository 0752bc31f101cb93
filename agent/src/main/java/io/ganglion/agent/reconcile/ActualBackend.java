package io.ganglion.agent.reconcile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A backend as the balancer reported it this cycle: every server, the agent's and the others. */
public record ActualBackend(String name, List<ActualServer> servers) {

    public ActualBackend {
        servers = List.copyOf(servers);
    }

    public Optional<ActualServer> server(String serverName) {
        return servers.stream().filter(s -> s.name().equals(serverName)).findFirst();
    }

    Map<String, ActualServer> byName() {
        Map<String, ActualServer> map = new LinkedHashMap<>();
        servers.forEach(s -> map.put(s.name(), s));
        return map;
    }
}
