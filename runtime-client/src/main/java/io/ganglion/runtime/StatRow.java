package io.ganglion.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One row of {@code show stat}: every column by its header name, in the server's order, so
 * columns this class has no accessor for (2.8's additions, the bundled balancer's extras) are
 * kept too. Empty values (a column that does not apply to the row) are empty strings.
 */
public record StatRow(Map<String, String> columns) {

    /** The {@code type} column: 0 frontend, 1 backend, 2 server, 3 listener. */
    public enum Type { FRONTEND, BACKEND, SERVER, LISTENER, UNKNOWN }

    public StatRow {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(columns, "columns")));
    }

    /** A column's text, or "" when the row has no such column. */
    public String get(String column) {
        return columns.getOrDefault(column, "");
    }

    /** A numeric column, empty when the value is missing or not a number. */
    public OptionalLong number(String column) {
        return Numbers.parse(get(column));
    }

    public String pxname() {
        return get("pxname");
    }

    public String svname() {
        return get("svname");
    }

    public String status() {
        return get("status");
    }

    public Type type() {
        OptionalLong code = number("type");
        if (code.isEmpty() || code.getAsLong() < 0 || code.getAsLong() > 3) {
            return Type.UNKNOWN;
        }
        return Type.values()[(int) code.getAsLong()];
    }

    public OptionalLong weight() {
        return number("weight");
    }

    /** Current sessions. */
    public long scur() {
        return number("scur").orElse(0);
    }

    /** Highest number of concurrent sessions seen. */
    public long smax() {
        return number("smax").orElse(0);
    }

    /** Session limit; empty when unlimited or not applicable. */
    public OptionalLong slim() {
        return number("slim");
    }

    /** Total sessions. */
    public long stot() {
        return number("stot").orElse(0);
    }

    /** Sessions per second over the last second. */
    public long rate() {
        return number("rate").orElse(0);
    }

    public long bytesIn() {
        return number("bin").orElse(0);
    }

    public long bytesOut() {
        return number("bout").orElse(0);
    }

    public String checkStatus() {
        return get("check_status");
    }

    public String address() {
        return get("addr");
    }
}
