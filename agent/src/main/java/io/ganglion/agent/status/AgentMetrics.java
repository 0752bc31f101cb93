package io.ganglion.agent.status;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The agent's counters, gauges and its convergence histogram, rendered in the Prometheus text
 * format. Counters are {@link LongAdder}s in concurrent maps: written by the reconcile and check
 * threads, read by the status endpoint, never under a lock.
 */
public final class AgentMetrics {

    /** Upper bounds of the convergence-time buckets, in seconds. */
    private static final double[] BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Double>> gauges = new ConcurrentHashMap<>();
    private final LongAdder[] bucketCounts = new LongAdder[BUCKETS.length];
    private final LongAdder convergenceCount = new LongAdder();
    // Sum in microseconds so that a LongAdder can hold it.
    private final LongAdder convergenceMicros = new LongAdder();

    public AgentMetrics() {
        for (int i = 0; i < BUCKETS.length; i++) {
            bucketCounts[i] = new LongAdder();
        }
    }

    /** Adds one to {@code name} with these labels, e.g. {@code increment("ganglion_actions_total", "kind", "add")}. */
    public void increment(String name, String... labels) {
        counters.computeIfAbsent(series(name, labels), k -> new LongAdder()).increment();
    }

    public long count(String name, String... labels) {
        LongAdder adder = counters.get(series(name, labels));
        return adder == null ? 0 : adder.sum();
    }

    /** A value read when {@code /metrics} is rendered; a second registration of a series replaces the first. */
    public void gauge(String name, Supplier<Double> value, String... labels) {
        gauges.put(series(name, labels), value);
    }

    public void observeConvergence(double seconds) {
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                bucketCounts[i].increment();
            }
        }
        convergenceCount.increment();
        convergenceMicros.add(Math.round(seconds * 1_000_000));
    }

    public long convergenceCount() {
        return convergenceCount.sum();
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        appendFamilies(text, new TreeMap<>(counters), "counter", adder -> (double) adder.sum());
        appendFamilies(text, new TreeMap<>(gauges), "gauge", Supplier::get);
        text.append("# TYPE ganglion_convergence_seconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            text.append("ganglion_convergence_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
                    .append(bucketCounts[i].sum()).append('\n');
        }
        text.append("ganglion_convergence_seconds_bucket{le=\"+Inf\"} ").append(convergenceCount.sum()).append('\n');
        text.append("ganglion_convergence_seconds_sum ").append(convergenceMicros.sum() / 1_000_000.0).append('\n');
        text.append("ganglion_convergence_seconds_count ").append(convergenceCount.sum()).append('\n');
        return text.toString();
    }

    private static <T> void appendFamilies(StringBuilder text, TreeMap<String, T> series, String type,
                                           java.util.function.Function<T, Double> value) {
        String family = null;
        for (Map.Entry<String, T> entry : series.entrySet()) {
            int brace = entry.getKey().indexOf('{');
            String name = brace < 0 ? entry.getKey() : entry.getKey().substring(0, brace);
            if (!name.equals(family)) {
                text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
                family = name;
            }
            text.append(entry.getKey()).append(' ').append(format(value.apply(entry.getValue()))).append('\n');
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** {@code name{k1="v1",k2="v2"}}, label values escaped as the text format wants. */
    static String series(String name, String... labels) {
        if (labels.length == 0) {
            return name;
        }
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + String.join(",", labels));
        }
        StringBuilder series = new StringBuilder(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                series.append(',');
            }
            String escaped = labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            series.append(labels[i]).append("=\"").append(escaped).append('"');
        }
        return series.append('}').toString();
    }
}
