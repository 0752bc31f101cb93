package io.ganglion.bench.report;

import io.ganglion.bench.balancers.TargetKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of one metric for one target, one per measured run; or why there are none.
 *
 * @param unavailable empty when measured; otherwise the reason printed in place of the figure
 */
public record Figure(Metric metric, TargetKind target, List<Double> samples, String unavailable) {
    public Figure {
        samples = List.copyOf(samples);
    }

    public static Figure measured(Metric metric, TargetKind target, List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a measured figure needs at least one sample: " + metric);
        }
        return new Figure(metric, target, samples, "");
    }

    public static Figure unavailable(Metric metric, TargetKind target, String reason) {
        return new Figure(metric, target, List.of(), reason);
    }

    public boolean isMeasured() {
        return unavailable.isEmpty();
    }

    public double median() {
        List<Double> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Half the range, relative to the median: {@code ±3%} means the runs were within 3% of it. */
    public double spreadPercent() {
        double median = median();
        return median == 0 ? 0 : (max() - min()) / 2 / median * 100;
    }
}
