package io.ganglion.balancer.prometheus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Every metric family of HAProxy 2.6.12's exporter in its order, with its type and help text as
 * HAProxy writes them, and the {@code show info}/{@code show stat} field it reads (bundled table
 * {@code haproxy-2.6-metrics.tsv}, taken from HAProxy's own output).
 */
final class MetricCatalogue {
    private static final List<MetricDefinition> ALL = load();

    private MetricCatalogue() {
    }

    static List<MetricDefinition> all() {
        return ALL;
    }

    private static List<MetricDefinition> load() {
        InputStream in = MetricCatalogue.class.getResourceAsStream("haproxy-2.6-metrics.tsv");
        if (in == null) {
            throw new IllegalStateException("missing resource haproxy-2.6-metrics.tsv");
        }
        List<MetricDefinition> all = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                all.add(MetricDefinition.of(MetricScope.byPrefixWord(f[0]), f[1],
                        MetricType.valueOf(f[2].toUpperCase(Locale.ROOT)), f[3], f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableList(all);
    }
}
