package io.ganglion.examples.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the load generator counted up to a moment: requests sent, requests failed, and which
 * instance answered the others. Immutable; {@link #minus} gives the counts of an interval.
 *
 * @param served answered requests by instance name (the name each backend puts in its answer)
 */
record Tally(long sent, long failed, Map<String, Long> served) {

    static final Tally ZERO = new Tally(0, 0, Map.of());

    Tally {
        served = Map.copyOf(served);
    }

    Tally minus(Tally earlier) {
        Map<String, Long> delta = new TreeMap<>();
        served.forEach((name, count) -> {
            long d = count - earlier.served.getOrDefault(name, 0L);
            if (d > 0) {
                delta.put(name, d);
            }
        });
        return new Tally(sent - earlier.sent, failed - earlier.failed, delta);
    }

    /** Each instance's share of the answered requests, in whole percent. */
    long sharePercent(String instance) {
        long answered = served.values().stream().mapToLong(Long::longValue).sum();
        return answered == 0 ? 0 : Math.round(100.0 * served.getOrDefault(instance, 0L) / answered);
    }

    /** {@code web-1 50% web-2 50%}, by instance name. */
    String shares() {
        if (served.isEmpty()) {
            return "-";
        }
        return new TreeMap<>(served).keySet().stream().map(name -> name + " " + sharePercent(name) + "%")
                .collect(Collectors.joining(" "));
    }
}
