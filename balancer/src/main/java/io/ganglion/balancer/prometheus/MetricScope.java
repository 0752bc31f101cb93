package io.ganglion.balancer.prometheus;

import java.util.Locale;
import java.util.Optional;

/** The parts of HAProxy 2.6's exporter output an operator selects with {@code ?scope=}, in its order. */
enum MetricScope {
    GLOBAL("process"), FRONTEND("frontend"), BACKEND("backend"), SERVER("server"), STICKTABLE("sticktable");

    /** The word in the metric names ({@code haproxy_process_*} for the global scope). */
    private final String prefixWord;

    MetricScope(String prefixWord) {
        this.prefixWord = prefixWord;
    }

    /** The scope a {@code scope=} value names, or empty for a value HAProxy refuses with a 400. */
    static Optional<MetricScope> byQueryValue(String value) {
        for (MetricScope s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The scope of a metric name's second word ({@code process} in {@code haproxy_process_jobs}). */
    static MetricScope byPrefixWord(String word) {
        for (MetricScope s : values()) {
            if (s.prefixWord.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no metric scope '" + word + "'");
    }
}
