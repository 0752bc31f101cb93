package io.ganglion.balancer.prometheus;

import io.ganglion.balancer.prometheus.MetricFamilies.Family;
import io.ganglion.balancer.prometheus.MetricFamilies.Series;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes families in Prometheus' text format 0.0.4, as the Java client's
 * {@code PrometheusTextFormatWriter} writes the same families (its escaping, its label order, its
 * numbers: {@code Double.toString}), straight from the series: the client's model takes an object
 * per series and per label set, a million of each for 10,000 servers, which cost more than the
 * text itself. {@code SeriesTextTest} holds the two writers to the same bytes.
 */
final class SeriesText {
    /** Bytes collected before they go to the output; room for one more line past it. */
    private static final int FLUSH_AT = 64 * 1024;
    private static final int ROOM = 16 * 1024;
    /** Below this, a whole double is written as Double.toString writes it, {@code 12.0}, without it. */
    private static final double PLAIN_LIMIT = 1e7;

    private final byte[] buf = new byte[FLUSH_AT + ROOM];
    private int used;
    private final OutputStream out;

    private SeriesText(OutputStream out) {
        this.out = out;
    }

    static void write(Iterable<Family> families, OutputStream out) throws IOException {
        SeriesText w = new SeriesText(out);
        for (Family f : families) {
            w.family(f);
        }
        w.flush();
    }

    /**
     * A label set as written between braces: {@code proxy="fe",server="s1"}, in the order of
     * {@link Labels} (sorted by name), values escaped.
     */
    static String labels(Labels labels) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(labels.getName(i)).append("=\"");
            escapeLabelValue(b, labels.getValue(i));
            b.append('"');
        }
        return b.toString();
    }

    private void family(Family f) throws IOException {
        MetricDefinition d = f.definition();
        // a counter without _total would be renamed by the client's writer: declared a gauge (see {@link MetricsText})
        boolean counter = d.type() == MetricType.COUNTER && d.name().endsWith("_total");
        StringBuilder help = new StringBuilder("# HELP ").append(d.name()).append(' ');
        escapeHelp(help, d.help());
        help.append("\n# TYPE ").append(d.name()).append(counter ? " counter\n" : " gauge\n");
        append(help.toString());
        byte[] name = d.name().getBytes(StandardCharsets.UTF_8);
        StringBuilder number = new StringBuilder(24);
        for (Series s : f.series()) {
            append(name);
            if (!s.before().isEmpty() || !s.labels().isEmpty() || !s.after().isEmpty()) {
                append('{');
                append(s.before());
                append(s.labels());
                append(s.after());
                append('}');
            }
            append(' ');
            number.setLength(0);
            number(number, s.value());
            append(number);
            append('\n');
        }
    }

    private void append(char c) throws IOException {
        room(1);
        buf[used++] = (byte) c;
    }

    private void append(byte[] bytes) throws IOException {
        if (bytes.length > ROOM) {
            flush();
            out.write(bytes);
            return;
        }
        room(bytes.length);
        System.arraycopy(bytes, 0, buf, used, bytes.length);
        used += bytes.length;
    }

    /** ASCII as it is (names, labels and numbers are); anything else in UTF-8, through a copy. */
    private void append(CharSequence text) throws IOException {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            if (text.charAt(i) >= 0x80) {
                append(text.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        if (n > ROOM) {
            append(text.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        room(n);
        for (int i = 0; i < n; i++) {
            buf[used++] = (byte) text.charAt(i);
        }
    }

    /** Makes room for {@code n} (at most {@link #ROOM}) more bytes, writing out what is collected once past {@link #FLUSH_AT}. */
    private void room(int n) throws IOException {
        if (used >= FLUSH_AT || used + n > buf.length) {
            flush();
        }
    }

    private void flush() throws IOException {
        out.write(buf, 0, used);
        used = 0;
    }

    /** As {@code Double.toString}, with the client's {@code +Inf}/{@code -Inf}; whole values below 10^7 without formatting a double. */
    static void number(StringBuilder b, double v) {
        if (v == Double.POSITIVE_INFINITY) {
            b.append("+Inf");
        } else if (v == Double.NEGATIVE_INFINITY) {
            b.append("-Inf");
        } else if (v == (long) v && Math.abs(v) < PLAIN_LIMIT && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(-0.0)) {
            b.append((long) v).append(".0");
        } else {
            b.append(v);
        }
    }

    /** The client's escaping of a help text: backslash and newline. */
    private static void escapeHelp(StringBuilder b, String help) {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
    }

    /** The client's escaping of a label value: backslash, double quote and newline. */
    private static void escapeLabelValue(StringBuilder b, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
    }
}
