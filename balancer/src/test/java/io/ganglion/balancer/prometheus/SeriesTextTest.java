package io.ganglion.balancer.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.prometheus.MetricFamilies.Family;
import io.ganglion.balancer.prometheus.MetricFamilies.Series;
import io.ganglion.balancer.stats.ObjType;
import io.ganglion.balancer.stats.StatFields;
import io.ganglion.balancer.stats.StatRow;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exposition written straight from the series is, byte for byte, the one the Prometheus Java
 * client's writer makes of the same families in its model: every family of every scope, for
 * proxies of both modes, servers with and without checks, names that need escaping, values whole,
 * fractional, large, negative and empty (NaN).
 */
class SeriesTextTest {
    @Test
    void writesWhatTheJavaClientsWriterWrites() throws Exception {
        List<StatRow> rows = new ArrayList<>();
        rows.add(row(ObjType.FRONTEND, "fe_http", "FRONTEND", "http", "OPEN", null, 1));
        rows.add(row(ObjType.FRONTEND, "fe_tcp", "FRONTEND", "tcp", "OPEN", null, 2));
        rows.add(row(ObjType.BACKEND, "be.a:b-c", "BACKEND", "http", "UP", null, 3));
        rows.add(row(ObjType.SERVER, "be.a:b-c", "s\"q\\uo\nte", "http", "UP", "L7OK", 4));
        rows.add(row(ObjType.SERVER, "be.a:b-c", "s2", "http", "DRAIN", null, 5));
        rows.add(row(ObjType.SERVER, "be.a:b-c", "s10", "http", "MAINT (resolution)", "L4CON", 6));
        rows.add(row(ObjType.BACKEND, "be_tcp", "BACKEND", "tcp", "DOWN", null, 7));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Build info", "2.6.12-ganglion");
        info.put("Uptime_sec", 1_700_000_000L);
        info.put("Nbthread", "2");
        MetricFamilies families = new MetricFamilies(info, rows, List.of());
        List<Family> all = new ArrayList<>();
        families.families(EnumSet.allOf(MetricScope.class)).forEach(all::add);
        assertThat(all).hasSizeGreaterThan(100);

        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        SeriesText.write(all, ours);
        assertThat(ours.toString(StandardCharsets.UTF_8)).isEqualTo(clientText(all));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -0.0, 1, -1, 0.001, 0.5, 9_999_999, 10_000_000, 1.7e9, 123456789012.0, -5e6,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-5, Long.MAX_VALUE})
    void writesNumbersAsTheClientDoes(double value) throws Exception {
        MetricDefinition d = MetricDefinition.of(MetricScope.GLOBAL, "haproxy_process_x", MetricType.GAUGE, "x", "x");
        List<Family> one = List.of(new Family(d, List.of(Series.of("", value))));
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        SeriesText.write(one, ours);
        assertThat(ours.toString(StandardCharsets.UTF_8)).isEqualTo(clientText(one));
    }

    /** A row of {@code ObjType type} as {@link #row} makes it, for another test of this package. */
    static StatRow serverRow(String proxy, String server, int seed) {
        return row(ObjType.SERVER, proxy, server, "http", "UP", null, seed);
    }

    /** A row whose every numeric column holds a different value (some empty), so that a column mixed up shows. */
    private static StatRow row(ObjType type, String proxy, String service, String mode, String status, String check,
            int seed) {
        StatRow.Builder b = StatRow.builder(type, seed, seed);
        for (int i = 2; i < StatFields.STATIC_COUNT; i++) {
            String name = StatFields.all().get(i).name();
            if ((i + seed) % 7 != 0) {
                b.put(name, (long) (i * 1000 + seed) * (i % 3 == 0 ? 1_000_000 : 1));
            }
        }
        b.put("pxname", proxy).put("svname", service).put("mode", mode).put("status", status);
        if (check != null) {
            b.put("check_status", check).put("check_code", 200);
        } else {
            b.put("check_status", (String) null);
        }
        return b.build();
    }

    /** The families as the client's model and writer make them, one call per family (as the exporter once did). */
    static String clientText(List<Family> families) throws Exception {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Family f : families) {
            writer.write(out, MetricSnapshots.of(snapshot(f)), EscapingScheme.ALLOW_UTF8);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static MetricSnapshot snapshot(Family f) {
        MetricDefinition d = f.definition();
        if (d.type() == MetricType.COUNTER && d.name().endsWith("_total")) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(d.name()).help(d.help());
            f.series().forEach(s -> b.dataPoint(CounterDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build()));
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(d.name()).help(d.help());
        f.series().forEach(s -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(labels(s)).value(s.value()).build()));
        return b.build();
    }

    /** Reads the written label text back into the client's labels (values here hold no comma or equals sign). */
    private static Labels labels(Series s) {
        String text = s.before() + s.labels() + s.after();
        if (text.isEmpty()) {
            return Labels.EMPTY;
        }
        List<String> namesAndValues = new ArrayList<>();
        for (String pair : text.split("\",")) {
            int eq = pair.indexOf("=\"");
            String value = pair.substring(eq + 2);
            value = value.endsWith("\"") && !value.endsWith("\\\"") ? value.substring(0, value.length() - 1) : value;
            namesAndValues.add(pair.substring(0, eq));
            namesAndValues.add(value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return Labels.of(namesAndValues.toArray(String[]::new));
    }
}
