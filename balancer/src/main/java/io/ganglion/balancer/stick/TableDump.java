package io.ganglion.balancer.stick;

import io.ganglion.balancer.runtime.AnswerDump;
import java.util.List;

/**
 * {@code show table NAME [filters]}: the head line, then the keys taken one stripe per piece,
 * then the entries in key order, a few hundred per piece, each read as it is when its piece is
 * written and skipped if it has gone meanwhile (see {@link KeySnapshot}).
 */
final class TableDump implements AnswerDump {
    private static final int ENTRIES_PER_PIECE = 256;

    private final StickTable table;
    private final List<DataFilter> filters;
    private final TableText text;
    /** Where the entry reader writes: the piece being made. */
    private StringBuilder piece;
    private final StickTable.EntryReader<Void> writeEntry;
    private KeySnapshot keys;
    private int stripesTaken;

    TableDump(StickTable table, List<DataFilter> filters) {
        this.table = table;
        this.filters = List.copyOf(filters);
        this.text = new TableText(table);
        this.writeEntry = e -> {
            if (DataFilter.acceptsAll(this.filters, e)) {
                text.entry(e, piece);
            }
            return null;
        };
    }

    @Override
    public boolean appendNext(StringBuilder out) {
        if (keys == null) {
            TableText.head(table, out);
            keys = new KeySnapshot(table.layout());
            return true;
        }
        if (stripesTaken < table.stripes()) {
            table.collectKeys(stripesTaken++, keys);
            return true;
        }
        piece = out;
        for (int i = 0; i < ENTRIES_PER_PIECE; i++) {
            if (!keys.advance()) {
                return false;
            }
            table.readSnapshotEntry(keys, writeEntry);
        }
        return true;
    }
}
