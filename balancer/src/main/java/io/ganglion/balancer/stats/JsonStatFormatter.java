package io.ganglion.balancer.stats;

import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.LineDump;
import java.util.Iterator;

/**
 * {@code show stat json}: one line, an array of rows, each an array of field objects (empty fields
 * left out), then the blank line.
 */
final class JsonStatFormatter {
    private JsonStatFormatter() {
    }

    /** The dump of {@code rows}: the one line, without the final blank line. */
    static AnswerDump dump(Iterator<StatRow> rows) {
        return new LineDump<>("[", rows, new RowWriter(), "]\n");
    }

    /** Writes one row, after a comma for every row but the first (so one writer per dump). */
    private static final class RowWriter implements LineDump.ItemWriter<StatRow> {
        private boolean first = true;

        @Override
        public void append(StringBuilder out, StatRow r) {
            out.append(first ? "" : ",").append('[');
            first = false;
            boolean firstField = true;
            for (StatField f : StatFields.all()) {
                Object v = r.values().get(f.pos());
                FieldTag tag = f.tag(r.type()).orElse(null);
                if (v == null || tag == null) {
                    continue;
                }
                out.append(firstField ? "" : ",");
                firstField = false;
                out.append("{\"objType\":\"").append(r.type().word()).append("\",\"proxyId\":").append(r.proxyId())
                        .append(",\"id\":").append(r.id()).append(',');
                JsonText.field(out, f.pos(), f.name(), tag, v);
                out.append('}');
            }
            out.append(']');
        }
    }
}
