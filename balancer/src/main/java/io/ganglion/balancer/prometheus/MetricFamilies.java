package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.stats.ObjType;
import io.ganglion.balancer.stats.StatRow;
import io.ganglion.balancer.stick.StickTable;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.ganglion.balancer.stats.StatFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the figures of {@code show info} and {@code show stat} (the same counters) into the metric
 * families of HAProxy 2.6's exporter: its names, help texts and labels ({@code proxy},
 * {@code server}, {@code state}, {@code code}; {@code name} and {@code type} for stick tables), and
 * the families and rows it leaves out (HTTP families of a TCP proxy, the aggregated states of a
 * backend without servers, the check families of a server without running checks). An empty field
 * is {@code NaN}, as HAProxy writes it.
 */
final class MetricFamilies {
    /*
     * The label values HAProxy 2.6 gives a proxy's and a server's status and a check's result. They
     * are listed sorted, and the subjects are sorted too, so that each family's series come in the
     * order the Java client keeps them: its snapshot sorts them to find duplicates, which costs
     * one comparison per series on sorted input instead of n log n (a family of 10,000 servers).
     */
    static final List<String> PROXY_STATES = List.of("DOWN", "UP");
    static final List<String> SERVER_STATES = List.of("DOWN", "DRAIN", "MAINT", "NOLB", "UP");
    static final List<String> CHECK_STATES = List.of("HANA", "L4CON", "L4OK", "L4TOUT", "L6OK", "L6RSP", "L6TOUT",
            "L7OK", "L7OKC", "L7RSP", "L7STS", "L7TOUT", "PROCERR", "PROCOK", "PROCTOUT", "SOCKERR");
    private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    private static final String[] CODE_COLUMNS = {"hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
            "hrsp_other"};

    /** A proxy's or server's row with its labels made once for all its families. */
    private record Subject(StatRow row, Labels labels, boolean http) {
        Object value(int column) {
            return row.values().get(column);
        }
    }

    private final Map<String, Object> info;
    private final List<Subject> frontends = new ArrayList<>();
    private final List<Subject> backends = new ArrayList<>();
    private final List<Subject> servers = new ArrayList<>();
    private final List<StickTable> tables;
    /** Each backend's servers, by name (the aggregated families read them). */
    private final Map<String, List<Subject>> serversByBackend = new HashMap<>();

    /**
     * @param info   {@code show info}'s fields by name
     * @param rows   {@code show stat}'s rows, in its order (listeners are not metrics in 2.6)
     * @param tables the stick tables
     */
    MetricFamilies(Map<String, Object> info, List<StatRow> rows, List<StickTable> tables) {
        this.info = info;
        this.tables = tables;
        for (StatRow r : rows) {
            boolean http = "http".equals(r.value("mode"));
            switch (r.type()) {
                case FRONTEND -> frontends.add(new Subject(r, Labels.of("proxy", r.proxyName()), http));
                case BACKEND -> backends.add(new Subject(r, Labels.of("proxy", r.proxyName()), http));
                case SERVER -> servers.add(new Subject(r,
                        Labels.of("proxy", r.proxyName(), "server", r.serviceName()), http));
                default -> {
                }
            }
        }
        Comparator<Subject> byLabels = Comparator.comparing(Subject::labels);
        frontends.sort(byLabels);
        backends.sort(byLabels);
        servers.sort(byLabels);
        for (Subject s : servers) {
            serversByBackend.computeIfAbsent(s.row().proxyName(), k -> new ArrayList<>()).add(s);
        }
    }

    /** The families of {@code scopes}, in HAProxy's order; a family with no row is left out. */
    List<MetricSnapshot> families(java.util.Set<MetricScope> scopes) {
        List<MetricSnapshot> out = new ArrayList<>();
        for (MetricDefinition d : MetricCatalogue.all()) {
            if (!scopes.contains(d.scope())) {
                continue;
            }
            List<Point> points = switch (d.scope()) {
                case GLOBAL -> global(d);
                case FRONTEND -> proxies(d, frontends);
                case BACKEND -> proxies(d, backends);
                case SERVER -> proxies(d, servers);
                case STICKTABLE -> sticktables(d);
            };
            if (!points.isEmpty()) {
                out.add(snapshot(d, points));
            }
        }
        return out;
    }

    private record Point(Labels labels, double value) {
    }

    private List<Point> global(MetricDefinition d) {
        Object v = info.get(d.source());
        if (d.source().equals("Build info")) {
            return List.of(new Point(Labels.of("version", String.valueOf(v)), 1));
        }
        return List.of(new Point(Labels.EMPTY, number(v)));
    }

    private List<Point> proxies(MetricDefinition d, List<Subject> subjects) {
        List<Point> points = new ArrayList<>(subjects.size());
        if (d.source().equals("hrsp")) {
            // the code label sorts before proxy and server: code first, as HAProxy lists them too
            for (int i = 0; i < CODES.length; i++) {
                int column = StatFields.pos(CODE_COLUMNS[i]);
                for (Subject s : subjects) {
                    if (s.http()) {
                        points.add(new Point(s.labels().add("code", CODES[i]), number(s.value(column))));
                    }
                }
            }
            return points;
        }
        int column = StatFields.pos(d.source());
        int checkStatus = StatFields.pos("check_status");
        for (Subject s : subjects) {
            if (d.httpOnly() && !s.http()) {
                continue;
            }
            StatRow r = s.row();
            switch (d.source()) {
                case "status" -> states(points, s.labels(), r.type() == ObjType.SERVER ? SERVER_STATES : PROXY_STATES,
                        stateOf(r));
                case "agg_server_status", "agg_server_check_status" -> {
                    // HAProxy 2.6 fills its deprecated agg_server_check_status as agg_server_status
                    List<Subject> own = serversByBackend.getOrDefault(r.proxyName(), List.of());
                    if (!own.isEmpty()) {
                        counts(points, s.labels(), SERVER_STATES, own, MetricFamilies::stateOf);
                    }
                }
                case "agg_check_status" -> {
                    List<Subject> own = serversByBackend.getOrDefault(r.proxyName(), List.of());
                    if (!own.isEmpty()) {
                        counts(points, s.labels(), CHECK_STATES, own, row -> (String) row.values().get(checkStatus));
                    }
                }
                case "check_status" -> {
                    if (s.value(checkStatus) != null) {
                        states(points, s.labels(), CHECK_STATES, (String) s.value(checkStatus));
                    }
                }
                case "check_code" -> {
                    if (s.value(checkStatus) != null) {
                        Object code = s.value(column);
                        points.add(new Point(s.labels(), code == null ? 0 : number(code)));
                    }
                }
                case "check_duration" -> {
                    if (s.value(checkStatus) != null) {
                        points.add(new Point(s.labels(), number(s.value(column)) / 1000));
                    }
                }
                default -> {
                    double v = number(s.value(column));
                    points.add(new Point(s.labels(), d.inSeconds() ? v / 1000 : v));
                }
            }
        }
        return points;
    }

    private List<Point> sticktables(MetricDefinition d) {
        List<Point> points = new ArrayList<>();
        for (StickTable t : sortedByName(tables)) {
            Labels labels = Labels.of("name", t.name(), "type", t.spec().keyType().keyword());
            points.add(new Point(labels, d.source().equals("size") ? t.spec().size() : t.used()));
        }
        return points;
    }

    private static List<StickTable> sortedByName(List<StickTable> tables) {
        List<StickTable> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparing(StickTable::name));
        return sorted;
    }

    /** One point per state, 1 for the one {@code current} names. */
    private static void states(List<Point> points, Labels labels, List<String> states, String current) {
        for (String state : states) {
            points.add(new Point(labels.add("state", state), state.equals(current) ? 1 : 0));
        }
    }

    /** One point per state, the number of {@code servers} in it. */
    private static void counts(List<Point> points, Labels labels, List<String> states, List<Subject> servers,
            java.util.function.Function<StatRow, String> stateOf) {
        int[] n = new int[states.size()];
        for (Subject s : servers) {
            String state = stateOf.apply(s.row());
            int i = state == null ? -1 : states.indexOf(state);
            if (i >= 0) {
                n[i]++;
            }
        }
        for (int i = 0; i < n.length; i++) {
            points.add(new Point(labels.add("state", states.get(i)), n[i]));
        }
    }

    /**
     * The state label of a row's {@code status} column: HAProxy's exporter says MAINT (inherited
     * too), DRAIN, NOLB, DOWN (going up too), UP (going down, {@code no check}, a frontend OPEN or
     * PAUSED); a stopped frontend is DOWN.
     */
    static String stateOf(StatRow row) {
        String status = (String) row.value("status");
        if (status == null) {
            return "DOWN";
        }
        for (String state : List.of("MAINT", "DRAIN", "NOLB", "DOWN")) {
            if (status.startsWith(state)) {
                return state;
            }
        }
        return status.equals("STOP") ? "DOWN" : "UP";
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /**
     * The family in the Java client's model. A counter whose HAProxy name lacks {@code _total}
     * ({@code haproxy_process_failed_resolutions}) would be renamed by the client's writer, which
     * appends the suffix to every counter: it is declared a gauge instead, keeping HAProxy's name
     * (what dashboards query) and passing {@code promtool check metrics}, which HAProxy's own
     * exposition fails on that line.
     */
    private static MetricSnapshot snapshot(MetricDefinition d, List<Point> points) {
        boolean counter = d.type() == MetricType.COUNTER && d.name().endsWith("_total");
        if (counter) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(d.name()).help(d.help());
            points.forEach(p -> b.dataPoint(CounterDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build()));
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(d.name()).help(d.help());
        points.forEach(p -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build()));
        return b.build();
    }
}
