package io.ganglion.balancer.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Collects the {@code global} section while it is parsed; confined to the parsing thread. */
public final class GlobalBuilder {
    private int maxconn = GlobalSection.DEFAULT_MAXCONN;
    private int maxconnrate;
    private int maxsessrate;
    private int nbthread;
    private final List<StatsSocketSpec> statsSockets = new ArrayList<>();
    private Duration statsTimeout = GlobalSection.DEFAULT_STATS_TIMEOUT;
    /** What packages other than {@code config} keep in the global section, by their own keys. */
    private Settings settings = Settings.EMPTY;
    private final List<LogTarget> logs = new ArrayList<>();

    public void maxconn(int value) {
        maxconn = value;
    }

    public void maxconnrate(int value) {
        maxconnrate = value;
    }

    public void maxsessrate(int value) {
        maxsessrate = value;
    }

    public void nbthread(int value) {
        nbthread = value;
    }

    public void addStatsSocket(StatsSocketSpec socket) {
        statsSockets.add(socket);
    }

    public void statsTimeout(Duration value) {
        statsTimeout = value;
    }

    /** A package's own global setting, as set so far. */
    public <T> T get(Setting<T> key) {
        return settings.get(key);
    }

    public <T> void set(Setting<T> key, T value) {
        settings = settings.with(key, value);
    }

    public void addLog(LogTarget target) {
        logs.add(target);
    }

    public GlobalSection build() {
        return new GlobalSection(maxconn, maxconnrate, maxsessrate, nbthread, statsSockets, statsTimeout, logs, settings);
    }
}
