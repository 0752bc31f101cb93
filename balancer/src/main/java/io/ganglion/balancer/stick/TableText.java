package io.ganglion.balancer.stick;

import java.util.List;

/**
 * The lines of {@code show table} as HAProxy 2.6 writes them:
 * <pre>
 * # table: fe_main, type: ip, size:1048576, used:1
 * 0x5573c767a9f0: key=127.0.0.1 use=0 exp=899932 gpt0=1 http_req_rate(10000)=15
 * </pre>
 * An entry's data follow {@link DataType}'s order; a rate shows its period in ms. Where HAProxy
 * prints the entry's address, a number unique to the entry is printed in the same form.
 *
 * <p>One per table and command: the data's labels ({@code " http_req_rate(10000)="}) are made
 * once, not for each of a million lines.
 */
final class TableText {
    /** Makes the identity look like HAProxy's heap addresses, which scripts may match on. */
    private static final long ADDRESS_BASE = 0x7f0000000000L;

    private final StickTable table;
    private final List<DataType> stored;
    private final List<String> labels;

    TableText(StickTable table) {
        this.table = table;
        this.stored = DataType.ALL.stream().filter(table::stores).toList();
        this.labels = stored.stream().map(t -> " " + t.keyword()
                + (t.isRate() ? "(" + table.spec().period(t) + ")" : "") + "=").toList();
    }

    static void head(StickTable table, StringBuilder out) {
        out.append("# table: ").append(table.name()).append(", type: ").append(table.spec().keyType().keyword())
                .append(", size:").append(table.spec().size()).append(", used:").append(table.used()).append('\n');
    }

    void entry(EntryView e, StringBuilder out) {
        long id = e.identity();
        out.append("0x").append(Long.toHexString(ADDRESS_BASE + ((id >>> 32) << 28) + ((id & 0xffffffffL) << 4)))
                .append(": key=");
        appendKey(e, out);
        out.append(" use=").append(e.holders()).append(" exp=").append(e.expiresInMillis());
        for (int i = 0; i < stored.size(); i++) {
            DataType t = stored.get(i);
            out.append(labels.get(i));
            if (t.kind() == DataType.Kind.DICT) {
                out.append(ServerKeys.text(e.get(t)));
            } else {
                out.append(e.get(t));
            }
        }
        out.append('\n');
    }

    /** An IPv4 key straight from its word (a million-entry dump makes no string per key); others by their type. */
    private void appendKey(EntryView e, StringBuilder out) {
        if (table.spec().keyType() == KeyType.IP) {
            int a = e.firstKeyWord();
            out.append(a >>> 24).append('.').append((a >>> 16) & 255).append('.').append((a >>> 8) & 255).append('.')
                    .append(a & 255);
        } else {
            out.append(table.spec().keyType().format(e.key()));
        }
    }
}
