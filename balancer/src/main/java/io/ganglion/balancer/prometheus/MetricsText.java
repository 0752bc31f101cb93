package io.ganglion.balancer.prometheus;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes metric families in Prometheus' text format 0.0.4 through the Prometheus Java client's
 * writer, one family at a time.
 *
 * <p>Where the output differs from HAProxy 2.6's bytes, and why that is accepted: the client sorts
 * a family's label names and its series (HAProxy writes {@code {proxy="fe",code="1xx"}} and lists
 * the codes first), and writes values as Java doubles ({@code 0.0}, {@code 1.7E9}; HAProxy writes
 * {@code 0} and {@code 0.000000}). The text format gives order and number spelling no meaning, and
 * Prometheus, promtool and other scrapers parse both alike; names, types, help texts, labels and
 * values are HAProxy's. Families are passed one by one because the client sorts the families of one
 * call by name: one call each keeps HAProxy's order, which people reading the page are used to.
 * Neither writes {@code # EOF} (an OpenMetrics marker, not of this format).
 */
final class MetricsText {
    /** The content type HAProxy 2.6 answers with. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private MetricsText() {
    }

    static void write(List<MetricSnapshot> families, OutputStream out) throws IOException {
        for (MetricSnapshot family : families) {
            WRITER.write(out, MetricSnapshots.of(family), EscapingScheme.ALLOW_UTF8);
        }
    }
}
