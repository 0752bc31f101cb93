package io.ganglion.bench.report;

import io.ganglion.bench.balancers.TargetKind;
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
    private static final String ROW = "%-22s %-24s %-8s %-16s %-16s %-16s %-6s %s%n";

    private TablePrinter() {
    }

    public static String render(Results results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, ROW, "section", "metric", "unit", "ganglion", "haproxy", "direct",
                "g/h", "goal"));
        // One note per target and reason: a target that could not run fills a whole section with it.
        Set<String> notes = new LinkedHashSet<>();
        for (Map.Entry<Metric, Map<TargetKind, Figure>> row : results.byMetric().entrySet()) {
            Metric metric = row.getKey();
            Map<TargetKind, Figure> byTarget = row.getValue();
            String[] cells = new String[COLUMNS.size()];
            for (int i = 0; i < cells.length; i++) {
                Figure f = byTarget.get(COLUMNS.get(i));
                cells[i] = cell(f);
                if (f != null && !f.isMeasured()) {
                    notes.add(String.format(Locale.ROOT, "  %s, %s: not available: %s%n", metric.section(),
                            f.target().label(), f.unavailable()));
                }
            }
            out.append(String.format(Locale.ROOT, ROW, metric.section(), metric.name(), metric.unit(), cells[0],
                    cells[1], cells[2], ratio(byTarget), metric.goal()));
        }
        notes.forEach(out::append);
        return out.toString();
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
        Figure g = byTarget.get(TargetKind.GANGLION);
        Figure h = byTarget.get(TargetKind.HAPROXY);
        if (g == null || h == null || !g.isMeasured() || !h.isMeasured() || h.median() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", g.median() / h.median());
    }

    /** Three significant digits or so, with k/M for large values: 0.412, 12.3, 412, 85.2k, 1.25M. */
    static String number(double v) {
        double a = Math.abs(v);
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
