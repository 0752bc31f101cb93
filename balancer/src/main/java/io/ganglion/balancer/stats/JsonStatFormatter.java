package io.ganglion.balancer.stats;

import java.util.List;

/**
 * {@code show stat json}: one line, an array of rows, each an array of field objects (empty fields
 * left out), then the blank line.
 */
final class JsonStatFormatter {
    private JsonStatFormatter() {
    }

    static String render(List<StatRow> rows) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < rows.size(); i++) {
            StatRow r = rows.get(i);
            out.append(i == 0 ? "" : ",").append('[');
            boolean first = true;
            for (StatField f : StatFields.all()) {
                Object v = r.values().get(f.pos());
                FieldTag tag = f.tag(r.type()).orElse(null);
                if (v == null || tag == null) {
                    continue;
                }
                out.append(first ? "" : ",");
                first = false;
                out.append("{\"objType\":\"").append(r.type().word()).append("\",\"proxyId\":").append(r.proxyId())
                        .append(",\"id\":").append(r.id()).append(',');
                JsonText.field(out, f.pos(), f.name(), tag, v);
                out.append('}');
            }
            out.append(']');
        }
        return out.append("]\n\n").toString();
    }
}
