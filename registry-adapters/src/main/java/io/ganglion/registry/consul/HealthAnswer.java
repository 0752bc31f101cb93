package io.ganglion.registry.consul;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.registry.Endpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of {@code GET /v1/health/service/:service}: an array of {@code {Node, Service, Checks}}.
 * An entry without a usable address or port is skipped and counted, never fatal; a body that is not a
 * JSON array is refused as a whole (the previous answer stays).
 *
 * @param endpoints the usable entries
 * @param skipped   how many entries were left out
 */
record HealthAnswer(List<Endpoint> endpoints, int skipped) {

    private static final Logger log = LoggerFactory.getLogger(HealthAnswer.class);
    // Thread-safe once configured; never reconfigured.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static HealthAnswer parse(String service, String body) throws MalformedAnswerException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedAnswerException("health answer for " + service + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new MalformedAnswerException("health answer for " + service + " is not a JSON array");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, Endpoint> byId = new LinkedHashMap<>();
        int skipped = 0;
        for (JsonNode entry : root) {
            try {
                Endpoint endpoint = endpoint(entry);
                if (byId.putIfAbsent(endpoint.id(), endpoint) != null) {
                    throw new IllegalArgumentException("duplicate instance " + endpoint.id());
                }
            } catch (IllegalArgumentException e) {
                skipped++;
                log.warn("Service {}: skipping a Consul health entry: {}", service, e.getMessage());
            }
        }
        endpoints.addAll(byId.values());
        return new HealthAnswer(List.copyOf(endpoints), skipped);
    }

    /** Service.Address, or the node's address when the service has none; Weights.Passing as weight. */
    private static Endpoint endpoint(JsonNode entry) {
        JsonNode node = entry.path("Node");
        JsonNode svc = entry.path("Service");
        String nodeName = node.path("Node").asText("");
        String serviceId = svc.path("ID").asText("");
        if (nodeName.isEmpty() || serviceId.isEmpty()) {
            throw new IllegalArgumentException("entry lacks Node.Node or Service.ID: " + entry);
        }
        String address = svc.path("Address").asText("");
        if (address.isEmpty()) {
            address = node.path("Address").asText("");
        }
        JsonNode port = svc.path("Port");
        if (!port.isIntegralNumber()) {
            throw new IllegalArgumentException("entry " + nodeName + "/" + serviceId + " has no integer Service.Port");
        }
        JsonNode passing = svc.path("Weights").path("Passing");
        int weight = passing.isIntegralNumber() ? passing.intValue() : Endpoint.DEFAULT_WEIGHT;
        List<String> tags = new ArrayList<>();
        svc.path("Tags").forEach(tag -> tags.add(tag.asText()));
        Map<String, String> meta = new LinkedHashMap<>();
        svc.path("Meta").fields().forEachRemaining(f -> meta.put(f.getKey(), f.getValue().asText()));
        return new Endpoint(nodeName + "/" + serviceId, address, port.intValue(), weight, tags, Map.of(), meta);
    }
}
