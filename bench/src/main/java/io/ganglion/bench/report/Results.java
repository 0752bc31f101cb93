package io.ganglion.bench.report;

import io.ganglion.bench.balancers.TargetKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every figure of one harness run, in the order measured. The harness's main thread is the only
 * writer and reader, so plain collections suffice.
 */
public final class Results {
    private final List<Figure> figures = new ArrayList<>();
    /** The metrics whose targets took turns, run by run: their samples pair up by index. */
    private final Set<Metric> takenInTurns = new LinkedHashSet<>();

    public void add(Figure figure) {
        figures.add(figure);
    }

    public void measured(Metric metric, TargetKind target, List<Double> samples) {
        add(Figure.measured(metric, target, samples));
    }

    public void unavailable(Metric metric, TargetKind target, String reason) {
        add(Figure.unavailable(metric, target, reason));
    }

    /** Says that the figures of {@code metric} were measured in turns: the i-th sample of each target came in the same turn. */
    public void takenInTurns(Metric metric) {
        takenInTurns.add(metric);
    }

    public boolean takenInTurns(Metric metric, Figure a, Figure b) {
        return takenInTurns.contains(metric) && a.samples().size() == b.samples().size();
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** The metrics in the order their first figure came, each with its figures by target. */
    public Map<Metric, Map<TargetKind, Figure>> byMetric() {
        Map<Metric, Map<TargetKind, Figure>> rows = new LinkedHashMap<>();
        for (Figure f : figures) {
            rows.computeIfAbsent(f.metric(), m -> new LinkedHashMap<>()).put(f.target(), f);
        }
        return rows;
    }

    /** The median of {@code target} for the metric named {@code name} in {@code section}, if measured. */
    public Optional<Double> median(String section, String name, TargetKind target) {
        return figures.stream()
                .filter(f -> f.metric().section().equals(section) && f.metric().name().equals(name)
                        && f.target() == target && f.isMeasured())
                .map(Figure::median)
                .findFirst();
    }
}
