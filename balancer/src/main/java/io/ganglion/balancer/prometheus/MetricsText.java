package io.ganglion.balancer.prometheus;

/**
 * The exposition's format, Prometheus' text format 0.0.4, written by {@link SeriesText} as the
 * Prometheus Java client's writer writes it.
 *
 * <p>Where the output differs from HAProxy 2.6's bytes, and why that is accepted: label names and
 * series are sorted as the client sorts them (HAProxy writes {@code {proxy="fe",code="1xx"}} and
 * lists the codes first), and values are written as Java doubles ({@code 0.0}, {@code 1.7E9};
 * HAProxy writes {@code 0} and {@code 0.000000}). The text format gives order and number spelling no
 * meaning, and Prometheus, promtool and other scrapers parse both alike; names, types, help texts,
 * labels and values are HAProxy's, and families come in HAProxy's order. A counter whose HAProxy
 * name lacks {@code _total} ({@code haproxy_process_failed_resolutions}) is declared a gauge,
 * keeping HAProxy's name (what dashboards query) and passing {@code promtool check metrics}, which
 * HAProxy's own exposition fails on that line. Neither writes {@code # EOF} (an OpenMetrics marker,
 * not of this format).
 */
final class MetricsText {
    /** The content type HAProxy 2.6 answers with. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4";

    private MetricsText() {
    }
}
