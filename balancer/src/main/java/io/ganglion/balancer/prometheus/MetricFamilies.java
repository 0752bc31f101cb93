package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.stats.ObjType;
import io.ganglion.balancer.stats.StatRow;
import io.ganglion.balancer.stick.StickTable;
import io.prometheus.metrics.model.snapshots.Labels;
import io.ganglion.balancer.stats.StatFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
     * order the Java client's model sorts them (by label names, then values): the exposition is the
     * one its writer would write.
     */
    static final List<String> PROXY_STATES = List.of("DOWN", "UP");
    static final List<String> SERVER_STATES = List.of("DOWN", "DRAIN", "MAINT", "NOLB", "UP");
    static final List<String> CHECK_STATES = List.of("HANA", "L4CON", "L4OK", "L4TOUT", "L6OK", "L6RSP", "L6TOUT",
            "L7OK", "L7OKC", "L7RSP", "L7STS", "L7TOUT", "PROCERR", "PROCOK", "PROCTOUT", "SOCKERR");
    private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    private static final String[] CODE_COLUMNS = {"hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx",
            "hrsp_other"};

    /**
     * A proxy's or server's row with its labels made once for all its families: {@code labels} for
     * sorting, {@code text} as the exposition writes them.
     */
    private record Subject(StatRow row, Labels labels, String text, boolean http) {
        Subject(StatRow row, Labels labels, boolean http) {
            this(row, labels, SeriesText.labels(labels), http);
        }

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

    /**
     * The families of {@code scopes}, in HAProxy's order, each made when the iteration reaches it; a
     * family with no row is left out. One at a time: the series of 10,000 servers in the client's
     * model take some 150 bytes each, 280 MB for all families together, more than the balancer's
     * heap; one family is at most a few MB, garbage once written.
     */
    Iterable<Family> families(Set<MetricScope> scopes) {
        return () -> MetricCatalogue.all().stream()
                .filter(d -> scopes.contains(d.scope()))
                .map(this::family)
                .flatMap(Optional::stream)
                .iterator();
    }

    private Optional<Family> family(MetricDefinition d) {
        List<Series> points = switch (d.scope()) {
            case GLOBAL -> global(d);
            case FRONTEND -> proxies(d, frontends);
            case BACKEND -> proxies(d, backends);
            case SERVER -> proxies(d, servers);
            case STICKTABLE -> sticktables(d);
        };
        return points.isEmpty() ? Optional.empty() : Optional.of(new Family(d, points));
    }

    /**
     * One family's series, in the order the Java client's model sorts them (see above).
     *
     * @param definition its name, type and help text
     */
    record Family(MetricDefinition definition, List<Series> series) {
    }

    /**
     * One series: its labels as written between the braces, {@code before + labels + after}, three
     * strings made once (a code label, a subject's labels, a state label) rather than one per
     * series, and its value. All empty: no braces.
     */
    record Series(String before, String labels, String after, double value) {
        static Series of(String labels, double value) {
            return new Series("", labels, "", value);
        }
    }

    /** {@code code="1xx",} and so on: the code label sorts before proxy and server. */
    private static final String[] CODE_LABELS = labelsBefore("code", List.of(CODES));
    private static final Map<List<String>, String[]> STATE_LABELS = Map.of(
            PROXY_STATES, labelsAfter("state", PROXY_STATES),
            SERVER_STATES, labelsAfter("state", SERVER_STATES),
            CHECK_STATES, labelsAfter("state", CHECK_STATES));

    private static String[] labelsBefore(String name, List<String> values) {
        return values.stream().map(v -> SeriesText.labels(Labels.of(name, v)) + ",").toArray(String[]::new);
    }

    private static String[] labelsAfter(String name, List<String> values) {
        return values.stream().map(v -> "," + SeriesText.labels(Labels.of(name, v))).toArray(String[]::new);
    }

    private List<Series> global(MetricDefinition d) {
        Object v = info.get(d.source());
        if (d.source().equals("Build info")) {
            return List.of(Series.of(SeriesText.labels(Labels.of("version", String.valueOf(v))), 1));
        }
        return List.of(Series.of("", number(v)));
    }

    private List<Series> proxies(MetricDefinition d, List<Subject> subjects) {
        List<Series> points = new ArrayList<>(subjects.size());
        if (d.source().equals("hrsp")) {
            // the code label sorts before proxy and server: code first, as HAProxy lists them too
            for (int i = 0; i < CODES.length; i++) {
                int column = StatFields.pos(CODE_COLUMNS[i]);
                for (Subject s : subjects) {
                    if (s.http()) {
                        points.add(new Series(CODE_LABELS[i], s.text(), "", number(s.value(column))));
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
                case "status" -> states(points, s.text(), r.type() == ObjType.SERVER ? SERVER_STATES : PROXY_STATES,
                        stateOf(r));
                case "agg_server_status", "agg_server_check_status" -> {
                    // HAProxy 2.6 fills its deprecated agg_server_check_status as agg_server_status
                    List<Subject> own = serversByBackend.getOrDefault(r.proxyName(), List.of());
                    if (!own.isEmpty()) {
                        counts(points, s.text(), SERVER_STATES, own, MetricFamilies::stateOf);
                    }
                }
                case "agg_check_status" -> {
                    List<Subject> own = serversByBackend.getOrDefault(r.proxyName(), List.of());
                    if (!own.isEmpty()) {
                        counts(points, s.text(), CHECK_STATES, own, row -> (String) row.values().get(checkStatus));
                    }
                }
                case "check_status" -> {
                    if (s.value(checkStatus) != null) {
                        states(points, s.text(), CHECK_STATES, (String) s.value(checkStatus));
                    }
                }
                case "check_code" -> {
                    if (s.value(checkStatus) != null) {
                        Object code = s.value(column);
                        points.add(Series.of(s.text(), code == null ? 0 : number(code)));
                    }
                }
                case "check_duration" -> {
                    if (s.value(checkStatus) != null) {
                        points.add(Series.of(s.text(), number(s.value(column)) / 1000));
                    }
                }
                default -> {
                    double v = number(s.value(column));
                    points.add(Series.of(s.text(), d.inSeconds() ? v / 1000 : v));
                }
            }
        }
        return points;
    }

    private List<Series> sticktables(MetricDefinition d) {
        List<Series> points = new ArrayList<>();
        for (StickTable t : sortedByName(tables)) {
            Labels labels = Labels.of("name", t.name(), "type", t.spec().keyType().keyword());
            points.add(Series.of(SeriesText.labels(labels), d.source().equals("size") ? t.spec().size() : t.used()));
        }
        return points;
    }

    private static List<StickTable> sortedByName(List<StickTable> tables) {
        List<StickTable> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparing(StickTable::name));
        return sorted;
    }

    /** One point per state, 1 for the one {@code current} names. */
    private static void states(List<Series> points, String labels, List<String> states, String current) {
        String[] after = STATE_LABELS.get(states);
        for (int i = 0; i < after.length; i++) {
            points.add(new Series("", labels, after[i], states.get(i).equals(current) ? 1 : 0));
        }
    }

    /** One point per state, the number of {@code servers} in it. */
    private static void counts(List<Series> points, String labels, List<String> states, List<Subject> servers,
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
            points.add(new Series("", labels, STATE_LABELS.get(states)[i], n[i]));
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
}
