package io.ganglion.balancer.stick;

import io.ganglion.balancer.runtime.AnswerDump;
import java.util.List;

/**
 * {@code show table NAME [filters]}: the head line, then the entries in key order, a few hundred
 * per piece. The keys are taken on the first piece (a million in about a hundred milliseconds);
 * each entry is read as it is when its piece is written, skipped if it has gone meanwhile.
 */
final class TableDump implements AnswerDump {
    private static final int ENTRIES_PER_PIECE = 256;

    private final StickTable table;
    private final List<DataFilter> filters;
    private KeySnapshot keys;
    private int next;

    TableDump(StickTable table, List<DataFilter> filters) {
        this.table = table;
        this.filters = List.copyOf(filters);
    }

    @Override
    public boolean appendNext(StringBuilder out) {
        if (keys == null) {
            TableText.head(table, out);
            keys = table.keys();
            return keys.size() > 0;
        }
        int end = Math.min(keys.size(), next + ENTRIES_PER_PIECE);
        for (; next < end; next++) {
            table.readWords(keys.key(next), e -> {
                if (DataFilter.acceptsAll(filters, e)) {
                    TableText.entry(table, e, out);
                }
                return null;
            });
        }
        return next < keys.size();
    }
}
