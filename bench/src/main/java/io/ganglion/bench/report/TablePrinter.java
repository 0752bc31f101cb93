package io.ganglion.bench.report;

import io.ganglion.bench.balancers.TargetKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the results as one plain-text table: per metric, the median of each target with the
 * spread of its runs, and the ratio of the bundled balancer to HAProxy measured in the same run.
 *
 * <pre>
 * section          metric        unit   ganglion      haproxy       direct        g/h    goal
 * http keep-alive  requests/s    req/s  70.1k ±2%     81.3k ±1%     221k ±4%      0.86   &gt;=0.8
 * </pre>
 */
public final class TablePrinter {
    private static final List<TargetKind> COLUMNS = List.of(TargetKind.GANGLION, TargetKind.HAPROXY, TargetKind.DIRECT);
    private static final List<TargetKind> WITH_BASELINE = List.of(TargetKind.GANGLION, TargetKind.BASELINE,
            TargetKind.HAPROXY, TargetKind.DIRECT);
    private static final String HEAD = "%-22s %-24s %-8s";
    private static final String CELL = " %-16s";
    private static final String TAIL = " %-6s %s%n";
    private static final String RATIO = " %-6s";

    private TablePrinter() {
    }

    public static String render(Results results) {
        List<TargetKind> columns = columns(results);
        String row = HEAD + CELL.repeat(columns.size())
                + (columns.contains(TargetKind.BASELINE) ? RATIO : "") + TAIL;
        StringBuilder out = new StringBuilder();
        List<Object> header = new ArrayList<>(List.of("section", "metric", "unit"));
        columns.forEach(c -> header.add(c.label()));
        boolean baseline = columns.contains(TargetKind.BASELINE);
        header.addAll(baseline ? List.of("g/h", "g/base", "goal") : List.of("g/h", "goal"));
        out.append(String.format(Locale.ROOT, row, header.toArray()));
        // One note per target and reason: a target that could not run fills a whole section with it.
        Set<String> notes = new LinkedHashSet<>();
        for (Map.Entry<Metric, Map<TargetKind, Figure>> entry : results.byMetric().entrySet()) {
            Metric metric = entry.getKey();
            Map<TargetKind, Figure> byTarget = entry.getValue();
            List<Object> cells = new ArrayList<>(List.of(metric.section(), metric.name(), metric.unit()));
            for (TargetKind column : columns) {
                Figure f = byTarget.get(column);
                cells.add(cell(f));
                if (f != null && !f.isMeasured()) {
                    notes.add(String.format(Locale.ROOT, "  %s, %s: not available: %s%n", metric.section(),
                            f.target().label(), f.unavailable()));
                }
            }
            cells.add(ratio(byTarget, TargetKind.HAPROXY));
            if (baseline) {
                cells.add(ratio(byTarget, TargetKind.BASELINE));
            }
            cells.add(metric.goal());
            out.append(String.format(Locale.ROOT, row, cells.toArray()));
        }
        notes.forEach(out::append);
        appendPairs(results, out);
        return out.toString();
    }

    /**
     * For metrics whose targets took turns: the ratio of each same-turn pair, their median and range.
     * The g/h column divides medians taken over the whole part, minutes apart on a machine whose speed
     * drifts; a pair was measured within seconds, so its ratio carries less of the drift (the seven
     * tls runs of 2026-12-04 13:30 UTC: keep-alive HTTPS g/h 0.90, pairs 0.79-1.04, median 0.91).
     */
    private static void appendPairs(Results results, StringBuilder out) {
        for (Map.Entry<Metric, Map<TargetKind, Figure>> entry : results.byMetric().entrySet()) {
            Figure g = entry.getValue().get(TargetKind.GANGLION);
            Figure h = entry.getValue().get(TargetKind.HAPROXY);
            if (g == null || h == null || !g.isMeasured() || !h.isMeasured() || g.samples().size() < 2
                    || !results.takenInTurns(entry.getKey(), g, h)) {
                continue;
            }
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < g.samples().size(); i++) {
                double other = h.samples().get(i);
                if (other != 0) {
                    ratios.add(g.samples().get(i) / other);
                }
            }
            if (ratios.isEmpty()) {
                continue;
            }
            Figure pairs = Figure.measured(entry.getKey(), TargetKind.GANGLION, ratios);
            out.append(String.format(Locale.ROOT, "  %s, %s: g/h by turn %.2f (%.2f-%.2f, %d pairs)%n",
                    entry.getKey().section(), entry.getKey().name(), pairs.median(), pairs.min(), pairs.max(),
                    ratios.size()));
        }
    }

    /** The three usual columns; the baseline and the reload-based HAProxy only when a part measured them. */
    private static List<TargetKind> columns(Results results) {
        boolean reload = results.figures().stream().anyMatch(f -> f.target() == TargetKind.HAPROXY_RELOAD);
        boolean baseline = results.figures().stream().anyMatch(f -> f.target() == TargetKind.BASELINE);
        List<TargetKind> usual = baseline ? WITH_BASELINE : COLUMNS;
        if (!reload) {
            return usual;
        }
        List<TargetKind> columns = new ArrayList<>(usual);
        columns.add(TargetKind.HAPROXY_RELOAD);
        return columns;
    }

    private static String cell(Figure f) {
        if (f == null) {
            return "-";
        }
        if (!f.isMeasured()) {
            return "n/a";
        }
        String value = number(f.median());
        return f.samples().size() > 1 ? value + String.format(Locale.ROOT, " ±%.0f%%", f.spreadPercent()) : value;
    }

    /** Ganglion's median over HAProxy's, when both were measured. */
    static String ratio(Map<TargetKind, Figure> byTarget) {
        return ratio(byTarget, TargetKind.HAPROXY);
    }

    /** Ganglion's median over {@code other}'s, when both were measured. */
    static String ratio(Map<TargetKind, Figure> byTarget, TargetKind other) {
        Figure g = byTarget.get(TargetKind.GANGLION);
        Figure h = byTarget.get(other);
        if (g == null || h == null || !g.isMeasured() || !h.isMeasured() || h.median() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", g.median() / h.median());
    }

    /** Three significant digits or so, with k/M for large values: 0.412, 12.3, 412, 85.2k, 1.25M; whole numbers as such. */
    static String number(double v) {
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e4) {
            return String.format(Locale.ROOT, "%.0f", v); // a count: 0 failed requests, not 0.000
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
