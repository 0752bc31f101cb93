package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ProxySection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The stick tables of one balancer, by name (each proxy's table takes the proxy's name), in
 * declaration order; and the task that purges their expired entries.
 */
public final class StickTables {
    /** Expired entries purged per table and run: a few hundred per stripe, microseconds under each monitor. */
    static final int PURGE_BUDGET = 16384;
    private static final long PURGE_PERIOD_MS = 100;

    private final Map<String, StickTable> byName = new LinkedHashMap<>();
    private volatile ScheduledFuture<?> purging;

    public StickTables(List<StickTable> tables) {
        tables.forEach(t -> byName.put(t.name(), t));
    }

    /**
     * The tables the configuration declares, empty, on the balancer's clock; those that stick
     * rules use store the server too.
     */
    public static StickTables of(BalancerConfig config) {
        List<StickTable> tables = new ArrayList<>();
        TableLinks links = TableLinks.find(config.global().get(io.ganglion.balancer.rules.RulesLoad.SETTING));
        for (ProxySection p : config.proxies()) {
            StickTableSpec spec = p.get(StickTableKeyword.STICK_TABLE);
            if (spec != null && links != null && links.storesServers(spec)) {
                spec = spec.withServer();
            }
            if (spec != null) {
                tables.add(StickTable.withLoopClock(spec));
            }
        }
        return new StickTables(tables);
    }

    /** {@code table NAME} of a rule, {@code show table NAME}. */
    public Optional<StickTable> table(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<StickTable> all() {
        return List.copyOf(byName.values());
    }

    /**
     * Purges expired entries on {@code executor} (the control loop) every 100 ms; when a run used
     * its whole budget, the next follows at once, so a mass expiry is spread over many short runs
     * with other work between them instead of one long one.
     */
    public void startPurging(ScheduledExecutorService executor) {
        if (byName.values().stream().anyMatch(t -> t.spec().expireMs() > 0)) {
            schedule(executor, PURGE_PERIOD_MS);
        }
    }

    public void stopPurging() {
        ScheduledFuture<?> f = purging;
        if (f != null) {
            f.cancel(false);
        }
    }

    private void schedule(ScheduledExecutorService executor, long delayMs) {
        purging = executor.schedule(() -> {
            boolean more = false;
            for (StickTable t : byName.values()) {
                more |= t.purgeExpired(PURGE_BUDGET);
            }
            if (!executor.isShutdown()) {
                schedule(executor, more ? 0 : PURGE_PERIOD_MS);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }
}
