package io.ganglion.balancer.testing;

/**
 * The pieces of configuration the access log tests share, for HAProxy and the balancer alike:
 * every line logged raw on stdout, HTTP by default, short timeouts.
 */
public final class LogConfigs {
    /** {@code global} with {@code log stdout format raw local0}, and {@code defaults} with {@code log global}. */
    public static final String LOGGING_HTTP_DEFAULTS = """
            global
                log stdout format raw local0
            defaults
                mode http
                log global
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            """;

    private LogConfigs() {
    }
}
