package io.ganglion.balancer.config;

import java.util.Objects;

/**
 * A typed key for one value that a package adds to a server or a proxy, declared by that package
 * with its default ({@code check}'s {@code RISE}, {@code server}'s {@code WEIGHT}...). The config
 * stores values by key in {@link Settings} without knowing them; the owning package reads its own.
 * Keys compare by identity: two packages may use the same name without clashing.
 *
 * <pre>{@code
 * public static final Setting<Integer> RISE = Setting.of("rise", 2);
 * int rise = spec.get(RISE);
 * }</pre>
 *
 * @param <T> the value's type; a null default means "not set" where the package gives it a meaning
 */
public final class Setting<T> {
    private final String name;
    private final T defaultValue;

    private Setting(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    public static <T> Setting<T> of(String name, T defaultValue) {
        return new Setting<>(name, defaultValue);
    }

    /** The keyword the setting comes from, for messages and debugging. */
    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    @Override
    public String toString() {
        return name;
    }
}
