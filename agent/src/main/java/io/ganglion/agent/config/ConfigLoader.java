package io.ganglion.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads {@code ganglion.yaml}: YAML syntax, then binding (unknown keys are errors), then the rules
 * that span keys ({@link ConfigRules}). Every refusal is a {@link ConfigException} whose message
 * starts with {@code file:line:column:} and names the key.
 */
public final class ConfigLoader {

    private final ObjectMapper mapper;

    public ConfigLoader() {
        SimpleModule durations = new SimpleModule("durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                try {
                    return DurationText.parse(parser.getValueAsString(""));
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(parser, e.getMessage());
                }
            }
        });
        mapper = new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .registerModule(durations);
    }

    public AgentConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** @param source the file name errors are reported against */
    public AgentConfig parse(String source, String text) throws ConfigException {
        if (text.isBlank()) {
            throw new ConfigException(source + ":1:1: the file is empty; it needs at least 'balancer: { socket: ... }'");
        }
        AgentConfig config;
        try {
            config = mapper.readValue(text, AgentConfig.class);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException syntax) {
                throw malformed(source, syntax);
            }
            // Jackson reports where it stopped reading, often past the key: find the key itself.
            JsonLocation location = YamlLocator.locate(text, pointer(e.getPath())).orElse(e.getLocation());
            throw new ConfigException(where(source, location) + key(e.getPath()) + ": " + reason(e), e);
        } catch (StreamReadException e) {
            throw malformed(source, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(source, e.getLocation()) + " " + e.getOriginalMessage(), e);
        }
        List<ConfigRules.Violation> violations = ConfigRules.check(config);
        if (!violations.isEmpty()) {
            // Every problem at once, each at its own place: an operator fixes the file in one pass.
            throw new ConfigException(violations.stream()
                    .map(v -> where(source, YamlLocator.locate(text, v.pointer()).orElse(null)) + " " + v.key() + ": " + v.reason())
                    .collect(java.util.stream.Collectors.joining("\n")));
        }
        return config;
    }

    /** SnakeYAML's message spans lines and repeats the location: keep its first line. */
    private static ConfigException malformed(String source, StreamReadException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark problem = marked.getProblemMark();
            String context = marked.getContext() == null || marked.getContextMark() == null ? ""
                    : " (" + marked.getContext() + " that starts at " + (marked.getContextMark().getLine() + 1)
                            + ":" + (marked.getContextMark().getColumn() + 1) + ")";
            return new ConfigException(source + ":" + (problem.getLine() + 1) + ":" + (problem.getColumn() + 1)
                    + ": malformed YAML: " + marked.getProblem() + context, e);
        }
        String first = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
        return new ConfigException(where(source, e.getLocation()) + " malformed YAML: " + first, e);
    }

    private static String where(String source, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return source + ":1:1:"; // a key missing at the top: the file as a whole
        }
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr() + ":";
    }

    /** {@code watch[1].registry}: the key as an operator reads it. */
    static String key(List<JsonMappingException.Reference> path) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                key.append(key.length() == 0 ? " " : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                key.append('[').append(reference.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        return pointer.toString();
    }

    private String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return "unknown key '" + unknown.getPropertyName() + "' (known here: " + known + ")";
        }
        if (e instanceof InvalidTypeIdException badType) {
            return badType.getTypeId() == null
                    ? "missing 'type' (zookeeper or consul)"
                    : "unknown type '" + badType.getTypeId() + "' (zookeeper or consul)";
        }
        String message = e.getOriginalMessage();
        int detail = message.indexOf(" problem: ");
        return detail >= 0 ? message.substring(detail + " problem: ".length()) : message;
    }
}
