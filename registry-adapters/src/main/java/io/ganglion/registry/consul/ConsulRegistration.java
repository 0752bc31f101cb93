package io.ganglion.registry.consul;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * This host's service as {@code PUT /v1/agent/service/register} takes it.
 *
 * @param id      unique on this agent
 * @param name    the service name watchers query
 * @param address empty to let Consul use the node's address
 * @param weight  {@code Weights.Passing}
 */
public record ConsulRegistration(String id, String name, String address, int port, List<String> tags,
        Map<String, String> meta, int weight, ConsulCheck check) {

    // Thread-safe once configured; never reconfigured.
    private static final ObjectMapper JSON = new ObjectMapper();

    public ConsulRegistration {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(address, "address");
        requireNonNull(check, "check");
        if (id.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("Consul registration needs an id and a name");
        }
        if (port < 1 || port > 65535 || weight < 1) {
            throw new IllegalArgumentException("Consul registration " + id + ": port must be 1 to 65535 and weight 1 or more, got "
                    + port + " and " + weight);
        }
        tags = List.copyOf(tags);
        meta = Map.copyOf(meta);
    }

    String checkId() {
        return "service:" + id;
    }

    String toJson() {
        ObjectNode body = JSON.createObjectNode().put("ID", id).put("Name", name).put("Address", address).put("Port", port);
        tags.forEach(body.putArray("Tags")::add);
        ObjectNode metaNode = body.putObject("Meta");
        meta.forEach(metaNode::put);
        body.putObject("Weights").put("Passing", weight).put("Warning", 1);
        ObjectNode checkNode = body.putObject("Check");
        switch (check.kind()) {
            case HTTP -> checkNode.put("HTTP", check.target()).put("Interval", ConsulCheck.goDuration(check.every()));
            case TCP -> checkNode.put("TCP", check.target()).put("Interval", ConsulCheck.goDuration(check.every()));
            case TTL -> checkNode.put("TTL", ConsulCheck.goDuration(check.every()));
        }
        check.deregisterCriticalServiceAfter().ifPresent(after ->
                checkNode.put("DeregisterCriticalServiceAfter", ConsulCheck.goDuration(after)));
        return body.toString();
    }
}
