package io.ganglion.agent.e2e;

import java.util.List;
import java.util.Map;

import io.ganglion.agent.reconcile.ServerNames;
import io.ganglion.registry.Endpoint;
import io.ganglion.registry.consul.ConsulApiDouble;

/**
 * Instances of {@code api} in the Consul double, each on its own node ({@code node-<name>}) with
 * service ID {@code <name>} and the tags the world's watch asks for ({@link #TAGS}).
 */
final class ConsulInstances implements ApiInstances {

    /** The tags every instance carries and the agent's watch requires, all of them. */
    static final List<String> TAGS = List.of("primary", "v2");

    private final ConsulApiDouble consul;

    ConsulInstances(ConsulApiDouble consul) {
        this.consul = consul;
    }

    @Override
    public void register(String name, int port, int weight) {
        put(name, port, weight, TAGS);
    }

    /** An instance of {@code api} with other tags than the watch requires. */
    void put(String name, int port, int weight, List<String> tags) {
        consul.putInstance(node(name), name, "api", "127.0.0.1", port, tags, weight);
    }

    @Override
    public void reweight(String name, int port, int weight) {
        register(name, port, weight);
    }

    @Override
    public void move(String name, int newPort, int weight) {
        register(name, newPort, weight);
    }

    @Override
    public void remove(String name) {
        consul.removeInstance(node(name), name);
    }

    @Override
    public String agentServerName(String name, int port) {
        // The agent names a Consul endpoint after "<node>/<service id>"; the port is not part of it.
        return ServerNames.of(new Endpoint(node(name) + "/" + name, "127.0.0.1", port, 1, List.of(), Map.of(), Map.of()));
    }

    @Override
    public String revisionName() {
        return "consul index";
    }

    @Override
    public boolean movesInPlace() {
        return true;
    }

    private static String node(String name) {
        return "node-" + name;
    }
}
