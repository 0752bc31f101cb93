package io.ganglion.balancer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects the {@code global} section while it is parsed; confined to the parsing thread. */
public final class GlobalBuilder {
    private int maxconn = GlobalSection.DEFAULT_MAXCONN;
    private int maxconnrate;
    private int maxsessrate;
    private int nbthread;
    private final List<StatsSocketSpec> statsSockets = new ArrayList<>();
    private Duration statsTimeout = GlobalSection.DEFAULT_STATS_TIMEOUT;
    private Path serverStateFile;
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

    public void serverStateFile(Path file) {
        serverStateFile = file;
    }

    public void addLog(LogTarget target) {
        logs.add(target);
    }

    public GlobalSection build() {
        return new GlobalSection(maxconn, maxconnrate, maxsessrate, nbthread, statsSockets, statsTimeout, Optional.ofNullable(serverStateFile), logs);
    }
}
