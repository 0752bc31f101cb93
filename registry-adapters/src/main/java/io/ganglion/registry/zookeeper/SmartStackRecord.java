package io.ganglion.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The JSON record that SmartStack's registration side (Nerve) writes as a znode's data, field for
 * field. Optional fields are absent rather than defaulted, so a record reads back and writes out
 * exactly as Nerve would have written it.
 *
 * @param host                 required
 * @param port                 required, 1 to 65535
 * @param name                 Nerve's {@code instance_id}; empty when the record had none
 * @param weight               only if configured, 0 or more
 * @param haproxyServerOptions raw HAProxy server keywords, only if configured
 * @param labels               only if configured (empty means absent); values as text
 * @param otherFields          keys SmartStack does not define, kept with their JSON values, in order
 */
public record SmartStackRecord(
        String host,
        int port,
        String name,
        OptionalInt weight,
        Optional<String> haproxyServerOptions,
        Map<String, String> labels,
        Map<String, JsonNode> otherFields) {

    public SmartStackRecord {
        requireNonNull(host, "host");
        requireNonNull(name, "name");
        requireNonNull(weight, "weight");
        requireNonNull(haproxyServerOptions, "haproxyServerOptions");
        if (host.isBlank()) {
            throw new IllegalArgumentException("SmartStack record needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SmartStack record port must be 1 to 65535, got " + port);
        }
        if (weight.isPresent() && weight.getAsInt() < 0) {
            throw new IllegalArgumentException("SmartStack record weight must be 0 or more, got " + weight.getAsInt());
        }
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        otherFields = Collections.unmodifiableMap(new LinkedHashMap<>(otherFields));
    }

    /** The minimal record Nerve writes: host, port and instance name. */
    public static SmartStackRecord of(String host, int port, String name) {
        return new SmartStackRecord(host, port, name, OptionalInt.empty(), Optional.empty(), Map.of(), Map.of());
    }

    public SmartStackRecord withWeight(int newWeight) {
        return new SmartStackRecord(host, port, name, OptionalInt.of(newWeight), haproxyServerOptions, labels, otherFields);
    }

    public SmartStackRecord withHaproxyServerOptions(String options) {
        return new SmartStackRecord(host, port, name, weight, Optional.of(options), labels, otherFields);
    }

    public SmartStackRecord withLabels(Map<String, String> newLabels) {
        return new SmartStackRecord(host, port, name, weight, haproxyServerOptions, newLabels, otherFields);
    }
}
