package io.ganglion.agent.status;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The agent's counters, gauges and convergence histogram, kept in a Prometheus Java client registry
 * of its own (not the client's global one: two agents in one JVM, as in tests, keep theirs apart)
 * and rendered by the client's text writer. Written by the reconcile and check threads, read by
 * the status endpoint; the client's counters and histogram take no lock on the write path.
 *
 * <p>A family is made on its first use, its label names those of that use; every later use of the
 * same name passes the same label names (the callers name them in code).
 */
public final class AgentMetrics {
    /** Upper bounds of the convergence-time buckets, in seconds. */
    private static final double[] BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    /** What each family means, shown as its HELP line. */
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("ganglion_actions_total", "Actions sent to the balancer, by kind and result (ok or refused)"),
            Map.entry("ganglion_reconcile_cycles_total", "Reconcile cycles run"),
            Map.entry("ganglion_reconcile_failures_total", "Reconcile cycles that failed, by reason"),
            Map.entry("ganglion_registration_changes_total", "Registrations and deregistrations of the local service"),
            Map.entry("ganglion_registration_up", "1 while the local service is registered"),
            Map.entry("ganglion_registry_stale", "1 while the registry has not answered fresh for this service"),
            Map.entry("ganglion_registry_staleness_seconds",
                    "Seconds this service has gone without a fresh registry answer (0 while fresh; since the agent started if never)"),
            Map.entry("ganglion_registry_skipped_entries", "Registry entries skipped as unreadable in the last answer"),
            Map.entry("ganglion_held_decisions", "Changes the safety policy holds back now, by backend and rule"),
            Map.entry("ganglion_overrides", "Operator overrides in force, by backend"),
            Map.entry("ganglion_convergence_seconds",
                    "Time from a registry change seen to the cycle that finds the backend converged"));

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, GaugeFamily> gauges = new ConcurrentHashMap<>();
    private final Histogram convergence = Histogram.builder().name("ganglion_convergence_seconds")
            .help(HELP.get("ganglion_convergence_seconds")).classicOnly().classicUpperBounds(BUCKETS)
            .register(registry);

    /** Adds one to {@code name} with these labels, e.g. {@code increment("ganglion_actions_total", "kind", "add")}. */
    public void increment(String name, String... labels) {
        Counter counter = counters.computeIfAbsent(name, n -> Counter.builder().name(n).help(help(n))
                .labelNames(names(labels)).register(registry));
        counter.labelValues(values(labels)).inc();
    }

    /** The count of a series; asking makes the series (at 0) if it was never incremented. */
    public long count(String name, String... labels) {
        Counter counter = counters.get(name);
        return counter == null ? 0 : counter.labelValues(values(labels)).getLongValue();
    }

    /** A value read when {@code /metrics} is rendered; a second registration of a series replaces the first. */
    public void gauge(String name, Supplier<Double> value, String... labels) {
        gauges.computeIfAbsent(name, n -> new GaugeFamily(n, names(labels))).series.put(List.of(values(labels)), value);
    }

    public void observeConvergence(double seconds) {
        convergence.observe(seconds);
    }

    public long convergenceCount() {
        return convergence.collect().getDataPoints().get(0).getCount();
    }

    /** Every family in Prometheus' text format 0.0.4. */
    public String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A gauge family whose series are read from their suppliers at each scrape. */
    private final class GaugeFamily {
        final Map<List<String>, Supplier<Double>> series = new ConcurrentHashMap<>();

        GaugeFamily(String name, String[] labelNames) {
            GaugeWithCallback.builder().name(name).help(help(name)).labelNames(labelNames)
                    .callback(callback -> series.forEach((values, value) ->
                            callback.call(value.get(), values.toArray(new String[0]))))
                    .register(registry);
        }
    }

    private static String help(String name) {
        return HELP.getOrDefault(name, name);
    }

    private static String[] names(String[] labels) {
        checkPairs(labels);
        String[] names = new String[labels.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = labels[2 * i];
        }
        return names;
    }

    private static String[] values(String[] labels) {
        checkPairs(labels);
        String[] values = new String[labels.length / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels[2 * i + 1];
        }
        return values;
    }

    private static void checkPairs(String[] labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + Arrays.toString(labels));
        }
    }
}
