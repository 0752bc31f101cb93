package io.ganglion.balancer.stats;

import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.LineDump;
import java.util.Iterator;
import java.util.List;

/**
 * {@code show stat} as CSV: the {@code # name,...,} header with the {@code -} column between the
 * static and the module columns, then one line per row, every value followed by a comma.
 */
final class CsvStatFormatter {
    private static final String HEADER = header();

    private CsvStatFormatter() {
    }

    /** The dump of {@code rows}: the header, then one line per row, without the final blank line. */
    static AnswerDump dump(Iterator<StatRow> rows) {
        return new LineDump<>(HEADER, rows, CsvStatFormatter::appendRow, "");
    }

    static void appendRow(StringBuilder out, StatRow r) {
        List<Object> v = r.values();
        int columns = v.size();
        for (int i = 0; i < columns; i++) {
            if (i == StatFields.STATIC_COUNT) {
                out.append("-,");
            }
            Object x = v.get(i);
            if (x instanceof Long number) {
                out.append(number.longValue()); // digits straight into the answer, no String per value
            } else if (x instanceof String text) {
                out.append(quote(text));
            } else if (x != null) {
                out.append(x);
            }
            out.append(',');
        }
        out.append('\n');
    }

    /** HAProxy quotes a value only when it holds a comma or a double quote (doubled inside). */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String header() {
        StringBuilder h = new StringBuilder("# ");
        for (StatField f : StatFields.all()) {
            if (f.pos() == StatFields.STATIC_COUNT) {
                h.append("-,");
            }
            h.append(f.name()).append(',');
        }
        return h.append('\n').toString();
    }
}
