package io.ganglion.balancer.config;

import java.time.Duration;
import java.util.List;

/**
 * The {@code global} section.
 *
 * @param maxconn         process-wide connection limit ({@code maxconn}); HAProxy's default is used when unset
 * @param maxconnrate     new connections per second the process accepts at most ({@code maxconnrate}); 0 = no limit
 * @param maxsessrate     new sessions per second the process starts at most ({@code maxsessrate}); 0 = no limit
 * @param nbthread        number of event loops carrying traffic ({@code nbthread}); 0 = one per core
 * @param statsSockets    every {@code stats socket} line, in order
 * @param statsTimeout    idle timeout of a stats socket session ({@code stats timeout}), 10s by default
 * @param logs            {@code log} targets
 * @param settings        the settings other packages keep in the global section, read with {@link #get}
 */
public record GlobalSection(
        int maxconn,
        int maxconnrate,
        int maxsessrate,
        int nbthread,
        List<StatsSocketSpec> statsSockets,
        Duration statsTimeout,
        List<LogTarget> logs,
        Settings settings) {

    public static final int DEFAULT_MAXCONN = 4096;
    public static final Duration DEFAULT_STATS_TIMEOUT = Duration.ofSeconds(10);

    public GlobalSection {
        statsSockets = List.copyOf(statsSockets);
        logs = List.copyOf(logs);
    }

    /** A package's own global setting ({@link GlobalBuilder#set}), or its default. */
    public <T> T get(Setting<T> key) {
        return settings.get(key);
    }

    public static GlobalSection defaults() {
        return new GlobalSection(DEFAULT_MAXCONN, 0, 0, 0, List.of(), DEFAULT_STATS_TIMEOUT, List.of(), Settings.EMPTY);
    }
}
