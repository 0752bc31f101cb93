package io.ganglion.balancer.stick;

/**
 * A table named by a rule ({@code track-sc0 src table T}, {@code sc_http_req_rate(0,T)}, a proxy's
 * own table when none is named), compiled before the tables exist: linked to the running table
 * once when the balancer starts, before any traffic, and only read after that.
 */
public final class TableRef {
    private final String name;
    private volatile StickTable table;

    TableRef(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The running table; null only before the balancer starts (a configuration being checked). */
    public StickTable table() {
        return table;
    }

    void link(StickTables running) {
        table = running.table(name).orElse(null);
    }
}
