package io.ganglion.balancer.config;

/**
 * A proxy's HTTP/1 connection mode: {@code option http-keep-alive} (HAProxy's default),
 * {@code option http-server-close}, {@code option httpclose}. The three options are one setting:
 * the last one written wins, and {@code no option X} returns to keep-alive only when X is in force.
 */
public enum HttpConnectionMode {
    /** Both connections stay open between requests; server connections are reused. */
    KEEP_ALIVE("http-keep-alive"),
    /** The server connection is closed after each response; the client's stays open. */
    SERVER_CLOSE("http-server-close"),
    /** Both are closed after each response, {@code Connection: close} said in both directions. */
    CLOSE("httpclose");

    private final String option;

    HttpConnectionMode(String option) {
        this.option = option;
    }

    /** The word after {@code option}. */
    public String option() {
        return option;
    }
}
