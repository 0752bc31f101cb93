package io.ganglion.bench.load;

/**
 * Latencies in microseconds, counted in buckets of 10 us up to 1 s (and one bucket above): enough
 * to tell a 5 ms pause from the steady state. Not thread-safe: one per worker, added up after.
 */
public final class LatencyHistogram {
    private static final int BUCKET_MICROS = 10;
    private static final int BUCKETS = 100_000;

    private final long[] counts = new long[BUCKETS + 1];
    private long total;
    private long maxMicros;

    public void record(long micros) {
        counts[(int) Math.min(BUCKETS, Math.max(0, micros) / BUCKET_MICROS)]++;
        total++;
        maxMicros = Math.max(maxMicros, micros);
    }

    public void addAll(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        maxMicros = Math.max(maxMicros, other.maxMicros);
    }

    public long count() {
        return total;
    }

    /** The latency under which a share {@code q} of the requests finished, in ms (a bucket's upper bound). */
    public double quantileMillis(double q) {
        long wanted = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted && seen > 0) {
                return Math.min((i + 1) * BUCKET_MICROS, maxMicros) / 1e3;
            }
        }
        return maxMicros / 1e3;
    }

    public double maxMillis() {
        return maxMicros / 1e3;
    }
}
