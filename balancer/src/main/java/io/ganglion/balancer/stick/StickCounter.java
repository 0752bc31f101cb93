package io.ganglion.balancer.stick;

/**
 * A stream's hold on one entry ({@code track-sc0..2}): what the tracking rules make, the stream
 * keeps in its stick counter slots, and the {@code sc_*} fetches and {@code sc-*} actions use.
 * The entry cannot expire or be dropped while held; {@link #release} lets it go at the end of the
 * stream (once, whoever calls it).
 *
 * <p>Used on the stream's event loop only, as the stream itself; the entry's data are shared with
 * every other loop and the socket commands through the table.
 */
public final class StickCounter {
    private final StickTable table;
    private final long handle;
    private final byte[] key;
    private boolean released;

    StickCounter(StickTable table, long handle, byte[] key) {
        this.table = table;
        this.handle = handle;
        this.key = key;
    }

    public StickTable table() {
        return table;
    }

    /** The tracked key: {@code sc_*(N,OTHER)} looks it up in another table. Not to be changed. */
    byte[] key() {
        return key;
    }

    /** {@code sc_*} fetches: the value of {@code type} now, a rate as read now; 0 when not stored. */
    public long get(DataType type) {
        return table.get(handle, type);
    }

    /** Whether the table stores {@code type}: a fetch of a type not stored finds nothing. */
    public boolean stores(DataType type) {
        return table.stores(type);
    }

    /** {@code sc_trackers}: streams holding the entry now. */
    public int trackers() {
        return table.holders(handle);
    }

    /** A new HTTP request on the tracked entry: {@code http_req_cnt}, {@code http_req_rate}. */
    public void countHttpRequest() {
        table.add(handle, 1, DataType.HTTP_REQ_CNT, DataType.HTTP_REQ_RATE);
    }

    /** An HTTP error (a 4xx answer): {@code http_err_cnt}, {@code http_err_rate}. */
    public void countHttpError() {
        table.add(handle, 1, DataType.HTTP_ERR_CNT, DataType.HTTP_ERR_RATE);
    }

    /** A session accepted (tracked at {@code tcp-request connection}): {@code sess_cnt}, {@code sess_rate}. */
    public void countSession() {
        table.add(handle, 1, DataType.SESS_CNT, DataType.SESS_RATE);
    }

    /** Bytes from the client: {@code bytes_in_cnt}, {@code bytes_in_rate}. */
    public void countBytesIn(long n) {
        table.add(handle, n, DataType.BYTES_IN_CNT, DataType.BYTES_IN_RATE);
    }

    /** Bytes to the client: {@code bytes_out_cnt}, {@code bytes_out_rate}. */
    public void countBytesOut(long n) {
        table.add(handle, n, DataType.BYTES_OUT_CNT, DataType.BYTES_OUT_RATE);
    }

    /** {@code sc-set-gpt0(N) V}. */
    public void setGpt0(long value) {
        table.set(handle, DataType.GPT0, value);
    }

    /** {@code sc-inc-gpc0(N)}, {@code sc_inc_gpc0}: the counter and its rate; @return the new count */
    public long incGpc0() {
        table.add(handle, 1, DataType.GPC0_RATE);
        return table.addAndGet(handle, DataType.GPC0, 1);
    }

    /** {@code sc-inc-gpc1(N)}, {@code sc_inc_gpc1}. */
    public long incGpc1() {
        table.add(handle, 1, DataType.GPC1_RATE);
        return table.addAndGet(handle, DataType.GPC1, 1);
    }

    /** {@code sc_clr_gpc0}: zeroes the counter; @return its value before */
    public long clearGpc0() {
        return clear(DataType.GPC0);
    }

    /** {@code sc_clr_gpc1}: zeroes the counter; @return its value before */
    public long clearGpc1() {
        return clear(DataType.GPC1);
    }

    private long clear(DataType type) {
        long before = table.get(handle, type);
        table.set(handle, type, 0);
        return before;
    }

    /** Lets go of the entry: {@code conn_cur} down, its expiry counted from now. Later calls do nothing. */
    public void release() {
        if (!released) {
            released = true;
            table.release(handle);
        }
    }

    public boolean released() {
        return released;
    }
}
