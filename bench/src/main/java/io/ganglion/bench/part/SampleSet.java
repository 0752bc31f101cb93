package io.ganglion.bench.part;

import io.ganglion.bench.report.Metric;
import io.ganglion.bench.report.Results;
import io.ganglion.bench.balancers.TargetKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Samples of several metrics gathered over the runs of one target, then added to the results at once. */
final class SampleSet {
    private final Map<Metric, List<Double>> samples = new LinkedHashMap<>();

    void add(Metric metric, double value) {
        samples.computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
    }

    /** The samples of {@code metric} so far, in the order added. */
    List<Double> values(Metric metric) {
        return List.copyOf(samples.getOrDefault(metric, List.of()));
    }

    void addTo(Results results, TargetKind kind) {
        samples.forEach((metric, values) -> results.measured(metric, kind, values));
    }

    /** As {@link #addTo}, for samples measured in turns with the other targets' ({@link Part#takeTurns}). */
    void addTakenInTurnsTo(Results results, TargetKind kind) {
        addTo(results, kind);
        samples.keySet().forEach(results::takenInTurns);
    }
}
