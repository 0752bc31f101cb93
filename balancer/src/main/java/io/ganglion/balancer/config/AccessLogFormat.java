package io.ganglion.balancer.config;

/**
 * The access log format of a frontend, as HAProxy 2.6 chooses it: {@code option httplog},
 * {@code option tcplog} (the last one written wins), or neither.
 */
public enum AccessLogFormat {
    /**
     * HAProxy's default format, {@code Connect from CLIENT to LOCAL (FRONTEND/MODE)}, written when a
     * connection is accepted ({@code mode tcp}) or a request head has been read ({@code mode http}).
     */
    CONNECT(false),
    /** {@code option tcplog}: one line at the end of each connection, or of each HTTP transaction. */
    TCP(true),
    /** {@code option httplog}: one line at the end of each HTTP transaction. */
    HTTP(true);

    private final boolean atEnd;

    AccessLogFormat(boolean atEnd) {
        this.atEnd = atEnd;
    }

    /** The line is written when the connection or transaction ends, with its timers and counters. */
    public boolean atEnd() {
        return atEnd;
    }
}
