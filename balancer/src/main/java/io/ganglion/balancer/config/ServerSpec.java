package io.ganglion.balancer.config;

import java.util.Objects;

/**
 * A {@code server NAME ADDR:PORT [options]} line (also what {@code add server} parses at run time,
 * and, nameless, a {@code default-server} line). The options are {@link Settings} whose keys the
 * packages declare ({@code server.ServerOptions.WEIGHT}, {@code check.CheckOptions.RISE}...): this
 * record carries them without knowing them.
 *
 * @param name     the server's name; "" for {@code default-server}
 * @param host     as written (an IP literal or a name resolved when the server is created)
 * @param port     the traffic port
 * @param source   where it was declared ({@link Source#STATS_SOCKET} for {@code add server}); null for defaults
 * @param settings the options' values
 */
public record ServerSpec(String name, String host, int port, Source source, Settings settings) {
    /** No option given: every setting at its package's default (HAProxy's server defaults). */
    public static final ServerSpec DEFAULTS = new ServerSpec("", "", 0, null, Settings.EMPTY);

    public ServerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
    }

    /** An option's value, or its default when not given. */
    public <T> T get(Setting<T> key) {
        return settings.get(key);
    }

    public <T> ServerSpec with(Setting<T> key, T value) {
        return new ServerSpec(name, host, port, source, settings.with(key, value));
    }

    /** A server named and placed, with these options (a {@code default-server}'s for a new server). */
    public ServerSpec forServer(String serverName, String serverHost, int serverPort, Source serverSource) {
        return new ServerSpec(serverName, serverHost, serverPort, serverSource, settings);
    }
}
