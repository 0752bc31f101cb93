package io.ganglion.balancer.stick;

/**
 * One entry as a reader sees it while its stripe's monitor is held ({@link StickTable#read},
 * whole-table filters): valid only inside the call that receives it.
 */
public final class EntryView {
    private final StickTable table;
    private final Segment segment;
    private final int slot;
    private final long handle;
    private final int now;

    EntryView(StickTable table, Segment segment, int slot, long handle, int now) {
        this.table = table;
        this.segment = segment;
        this.slot = slot;
        this.handle = handle;
        this.now = now;
    }

    /** The value of {@code type} now; 0 when the table does not store it. */
    public long get(DataType type) {
        return table.value(segment, slot, type, now);
    }

    /** Streams holding the entry ({@code use=}). */
    public int holders() {
        return segment.arena[slot * segment.stride + Segment.REFS];
    }

    /** Milliseconds before it expires ({@code exp=}); 0 in a table without {@code expire}. */
    public long expiresInMillis() {
        return table.expiresIn(segment, slot, now);
    }

    public byte[] key() {
        return table.layout().bytes(segment.key(slot), table.spec().keyLength());
    }

    /** The first word of the key: an IPv4 address in a table of type {@code ip}. */
    int firstKeyWord() {
        return segment.arena[slot * segment.stride + Segment.KEY];
    }

    /** A number that tells entries apart, printed where HAProxy prints the entry's address. */
    public long identity() {
        return handle;
    }
}
