package io.ganglion.bench.load;

/**
 * What one wrk run measured.
 *
 * @param requests  completed requests
 * @param seconds   the run's wall time as wrk measured it
 * @param errors    connect, read, write and timeout errors plus non-2xx/3xx answers
 * @param p50Micros median latency
 * @param p99Micros 99th percentile
 * @param p999Micros 99.9th percentile
 */
public record WrkResult(long requests, double seconds, long errors, long p50Micros, long p99Micros,
        long p999Micros) {

    public double requestsPerSecond() {
        return requests / seconds;
    }
}
