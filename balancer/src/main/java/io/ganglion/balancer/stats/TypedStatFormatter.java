package io.ganglion.balancer.stats;

import io.ganglion.balancer.runtime.AnswerDump;
import io.ganglion.balancer.runtime.LineDump;
import java.util.Iterator;

/**
 * {@code show stat typed}: one line per non-empty field,
 * {@code <T>.<iid>.<sid>.<pos>.<name>.1:<origin nature scope>:<type>:<value>}, and the blank
 * line after the last.
 */
final class TypedStatFormatter {
    private TypedStatFormatter() {
    }

    /** The dump of {@code rows}, without the final blank line. */
    static AnswerDump dump(Iterator<StatRow> rows) {
        return new LineDump<>("", rows, TypedStatFormatter::appendRow, "");
    }

    private static void appendRow(StringBuilder out, StatRow r) {
        for (StatField f : StatFields.all()) {
            Object v = r.values().get(f.pos());
            FieldTag tag = f.tag(r.type()).orElse(null);
            if (v == null || tag == null) {
                continue;
            }
            out.append(r.type().letter()).append('.').append(r.proxyId()).append('.').append(r.id()).append('.')
                    .append(f.pos()).append('.').append(f.name()).append(".1:").append(tag.letters()).append(':')
                    .append(tag.type()).append(':').append(v).append('\n');
        }
    }
}
