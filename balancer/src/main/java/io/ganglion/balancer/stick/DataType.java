package io.ganglion.balancer.stick;

import java.util.List;
import java.util.Optional;

/**
 * The data a stick table entry may store ({@code store DATA,...}), in the order HAProxy 2.6 numbers
 * them: {@code show table} prints an entry's data in this order whatever the {@code store} order.
 */
public enum DataType {
    SERVER_ID("server_id", Kind.SIGNED),
    GPT0("gpt0", Kind.UNSIGNED),
    GPC0("gpc0", Kind.UNSIGNED),
    GPC0_RATE("gpc0_rate", Kind.RATE),
    CONN_CNT("conn_cnt", Kind.UNSIGNED),
    CONN_RATE("conn_rate", Kind.RATE),
    CONN_CUR("conn_cur", Kind.UNSIGNED),
    SESS_CNT("sess_cnt", Kind.UNSIGNED),
    SESS_RATE("sess_rate", Kind.RATE),
    HTTP_REQ_CNT("http_req_cnt", Kind.UNSIGNED),
    HTTP_REQ_RATE("http_req_rate", Kind.RATE),
    HTTP_ERR_CNT("http_err_cnt", Kind.UNSIGNED),
    HTTP_ERR_RATE("http_err_rate", Kind.RATE),
    BYTES_IN_CNT("bytes_in_cnt", Kind.UNSIGNED_LONG),
    BYTES_IN_RATE("bytes_in_rate", Kind.RATE),
    BYTES_OUT_CNT("bytes_out_cnt", Kind.UNSIGNED_LONG),
    BYTES_OUT_RATE("bytes_out_rate", Kind.RATE),
    GPC1("gpc1", Kind.UNSIGNED),
    GPC1_RATE("gpc1_rate", Kind.RATE),
    /** The name of the server a stick rule stored ({@link ServerKeys}); made with {@code server_id} by the stick rules. */
    SERVER_KEY("server_key", Kind.DICT);

    /**
     * How a value is kept: HAProxy's signed and unsigned 32-bit integers, 64-bit counters,
     * frequency counters over a period, and an entry of a dictionary of strings (a number here).
     */
    public enum Kind {
        SIGNED(1), UNSIGNED(1), UNSIGNED_LONG(2), RATE(FreqCounter.WORDS), DICT(1);

        /** The 32-bit words one value takes in an entry. */
        final int words;

        Kind(int words) {
            this.words = words;
        }
    }

    /** Every type in order, without the copy {@code values()} makes at each call. */
    static final List<DataType> ALL = List.of(values());

    private final String keyword;
    private final Kind kind;

    DataType(String keyword, Kind kind) {
        this.keyword = keyword;
        this.kind = kind;
    }

    /** The name in {@code store}, {@code data.NAME} and {@code show table}. */
    public String keyword() {
        return keyword;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the {@code store} keyword takes a period ({@code http_req_rate(10s)}). */
    public boolean isRate() {
        return kind == Kind.RATE;
    }

    public static Optional<DataType> byKeyword(String name) {
        for (DataType t : ALL) {
            if (t.keyword.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
