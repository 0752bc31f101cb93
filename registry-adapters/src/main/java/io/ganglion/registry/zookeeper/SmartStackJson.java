package io.ganglion.registry.zookeeper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads and writes the znode data of the SmartStack layout, as airbnb/nerve writes it
 * ({@code lib/nerve/reporter/base.rb}, Ruby {@code to_json}): compact JSON with the keys in the order
 * host, port, name, weight, haproxy_server_options, labels, e.g.
 * <pre>{"host":"10.1.2.3","port":8080,"name":"i-0abc","weight":2,"labels":{"az":"us-east-1a"}}</pre>
 *
 * <p>Reading is as lenient as Synapse where Synapse is lenient (a port or weight written as a string
 * of digits still works there, so it works here) and precise where a record is unusable: no host, no
 * port, a port out of range, a negative or fractional weight.
 */
public final class SmartStackJson {

    static final String HOST = "host";
    static final String PORT = "port";
    static final String NAME = "name";
    static final String WEIGHT = "weight";
    static final String HAPROXY_SERVER_OPTIONS = "haproxy_server_options";
    static final String LABELS = "labels";
    private static final Set<String> KNOWN = Set.of(HOST, PORT, NAME, WEIGHT, HAPROXY_SERVER_OPTIONS, LABELS);

    // ObjectMapper is thread-safe once configured; nothing configures it after this line.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SmartStackJson() {
    }

    public static SmartStackRecord read(byte[] data) throws MalformedRecordException {
        if (data == null || data.length == 0) {
            throw new MalformedRecordException("data is empty, expected a JSON object with host and port");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new MalformedRecordException("data is not valid JSON: " + detail);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRecordException("data is JSON but not an object, expected one with host and port");
        }
        String host = requiredText(root, HOST);
        int port = integer(root, PORT, true).orElseThrow();
        if (port < 1 || port > 65535) {
            throw new MalformedRecordException("field \"port\" must be 1 to 65535, got " + port);
        }
        OptionalInt weight = integer(root, WEIGHT, false);
        if (weight.isPresent() && weight.getAsInt() < 0) {
            throw new MalformedRecordException("field \"weight\" must be 0 or more, got " + weight.getAsInt());
        }
        return new SmartStackRecord(host, port,
                optionalText(root, NAME).orElse(""),
                weight,
                optionalText(root, HAPROXY_SERVER_OPTIONS),
                labels(root),
                otherFields(root));
    }

    public static byte[] write(SmartStackRecord record) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put(HOST, record.host());
        root.put(PORT, record.port());
        root.put(NAME, record.name());
        record.weight().ifPresent(w -> root.put(WEIGHT, w));
        record.haproxyServerOptions().ifPresent(o -> root.put(HAPROXY_SERVER_OPTIONS, o));
        if (!record.labels().isEmpty()) {
            ObjectNode labels = root.putObject(LABELS);
            record.labels().forEach(labels::put);
        }
        record.otherFields().forEach(root::set);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise a JSON tree, which cannot fail", e);
        }
    }

    /** A JSON value as text: strings without quotes, anything else as compact JSON. */
    static String asText(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    private static String requiredText(JsonNode root, String field) throws MalformedRecordException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedRecordException("field \"" + field + "\" is missing");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new MalformedRecordException("field \"" + field + "\" must be a non-empty string, got " + value);
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode root, String field) throws MalformedRecordException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedRecordException("field \"" + field + "\" must be a string, got " + value);
        }
        return Optional.of(value.textValue());
    }

    private static OptionalInt integer(JsonNode root, String field, boolean required) throws MalformedRecordException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new MalformedRecordException("field \"" + field + "\" is missing");
            }
            return OptionalInt.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return OptionalInt.of(value.intValue());
        }
        if (value.isTextual() && value.textValue().matches("-?[0-9]{1,9}")) {
            return OptionalInt.of(Integer.parseInt(value.textValue()));
        }
        throw new MalformedRecordException("field \"" + field + "\" must be an integer, got " + value);
    }

    private static Map<String, String> labels(JsonNode root) throws MalformedRecordException {
        JsonNode value = root.get(LABELS);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new MalformedRecordException("field \"labels\" must be an object, got " + value);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> labels.put(e.getKey(), asText(e.getValue())));
        return labels;
    }

    private static Map<String, JsonNode> otherFields(JsonNode root) {
        Map<String, JsonNode> other = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!KNOWN.contains(field.getKey())) {
                other.put(field.getKey(), field.getValue());
            }
        }
        return other;
    }
}
