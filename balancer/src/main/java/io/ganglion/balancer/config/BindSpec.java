package io.ganglion.balancer.config;

import java.net.InetSocketAddress;

/**
 * One address of a {@code bind} line ({@code bind 127.0.0.1:80,[::1]:80} gives two).
 *
 * @param address  resolved address; the wildcard {@code *} or an empty host binds every IPv4 address
 * @param text     the address as written, for messages
 * @param settings the line's options ({@link BindOption}), by the keys of the packages that own them
 */
public record BindSpec(InetSocketAddress address, String text, Source source, Settings settings) {
    public BindSpec(InetSocketAddress address, String text, Source source) {
        this(address, text, source, Settings.EMPTY);
    }

    /** A package's own option of this bind line, or its default. */
    public <T> T get(Setting<T> key) {
        return settings.get(key);
    }
}
