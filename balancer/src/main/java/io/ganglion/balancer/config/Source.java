package io.ganglion.balancer.config;

/** Where a configuration element was written: used in every message that points back at the file. */
public record Source(String file, int line) {
    /** Where a server added at run time ({@code add server} on the stats socket) comes from. */
    public static final Source STATS_SOCKET = new Source("CLI", 0);

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
