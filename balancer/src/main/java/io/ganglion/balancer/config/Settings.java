package io.ganglion.balancer.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Values of {@link Setting}s, immutable: {@link #with} returns a new set. A key never set reads as
 * its default. Built while parsing (a few copies per line), read on the control side and when a
 * server or backend is created; the data path keeps what it needs in its own fields.
 */
public final class Settings {
    public static final Settings EMPTY = new Settings(Map.of());

    /** Values by key; null values are kept (a key set back to "none" differs from no key only by intent). */
    private final Map<Setting<?>, Object> values;

    private Settings(Map<Setting<?>, Object> values) {
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> key) {
        // One lookup in the usual case: the data path reads settings per request (captures, unique-id).
        Object value = values.get(key);
        return value != null || values.containsKey(key) ? (T) value : key.defaultValue();
    }

    public <T> Settings with(Setting<T> key, T value) {
        Objects.requireNonNull(key, "key");
        Map<Setting<?>, Object> copy = new HashMap<>(values);
        copy.put(key, value);
        return new Settings(java.util.Collections.unmodifiableMap(copy));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
