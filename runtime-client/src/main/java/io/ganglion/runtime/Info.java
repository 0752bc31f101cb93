package io.ganglion.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/** The answer to {@code show info}: {@code Name: value} lines, kept in order. */
public record Info(Map<String, String> fields) {

    public Info {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    public static Info parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        text.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        return new Info(fields);
    }

    public String get(String field) {
        return fields.getOrDefault(field, "");
    }

    public OptionalLong number(String field) {
        return Numbers.parse(get(field));
    }

    public String name() {
        return get("Name");
    }

    public String version() {
        return get("Version");
    }

    public OptionalLong pid() {
        return number("Pid");
    }

    public OptionalLong uptimeSeconds() {
        return number("Uptime_sec");
    }

    public OptionalLong currentConnections() {
        return number("CurrConns");
    }

    public OptionalLong maxconn() {
        return number("Maxconn");
    }
}
