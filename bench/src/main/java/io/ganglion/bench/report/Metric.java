package io.ganglion.bench.report;

/**
 * One row of the table.
 *
 * @param section the part and scenario, e.g. {@code http keep-alive}
 * @param name    what is measured, e.g. {@code requests/s}
 * @param unit    the unit of the values, e.g. {@code req/s}, {@code ms}, {@code MiB}
 * @param goal    the figure to reach as a ratio to HAProxy, e.g. {@code >=0.8}; empty when none
 */
public record Metric(String section, String name, String unit, String goal) {
    public static Metric of(String section, String name, String unit) {
        return new Metric(section, name, unit, "");
    }

    public Metric withGoal(String ratioGoal) {
        return new Metric(section, name, unit, ratioGoal);
    }
}
