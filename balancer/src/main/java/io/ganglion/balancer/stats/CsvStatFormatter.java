package io.ganglion.balancer.stats;

import java.util.List;

/**
 * {@code show stat} as CSV: the {@code # name,...,} header with the {@code -} column between the
 * static and the module columns, then one line per row, every value followed by a comma.
 */
final class CsvStatFormatter {
    private static final String HEADER = header();

    private CsvStatFormatter() {
    }

    static String render(List<StatRow> rows) {
        // Sized for typical rows (a few hundred bytes): a dump of 10,000 servers grows rarely.
        StringBuilder out = new StringBuilder(HEADER.length() + 1 + rows.size() * 320).append(HEADER);
        for (StatRow r : rows) {
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
        return out.append('\n').toString();
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
