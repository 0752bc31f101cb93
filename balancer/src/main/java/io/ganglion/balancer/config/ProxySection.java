package io.ganglion.balancer.config;

import java.util.List;

/**
 * A {@code frontend}, {@code backend} or {@code listen} section, with the {@code defaults} section in
 * force where it was declared already applied.
 *
 * @param maxconn                 frontend connection limit; 0 = only the global limit
 * @param defaultBackend          {@code default_backend}, or the proxy itself for a {@code listen}; null if none
 * @param servers                 in file order; server ids are their 1-based position
 * @param forwardFor              {@code option forwardfor}: add {@code X-Forwarded-For} to requests
 * @param accessLogFormat         {@code option httplog|tcplog}; {@code httplog} in a {@code mode tcp} proxy is {@code tcplog}
 * @param httpConnectionMode      {@code option http-keep-alive|http-server-close|httpclose}
 * @param redispatch              {@code option redispatch}: a retry may go to another server
 * @param retries                 {@code retries}: connection attempts after the first fails, 3 by default
 * @param logGlobal               {@code log global}: access logs go to the global log targets
 * @param settings                the settings other packages keep on the proxy, read with {@link #get}
 */
public record ProxySection(
        String name,
        ProxyKind kind,
        Source source,
        ProxyMode mode,
        List<BindSpec> binds,
        int maxconn,
        Timeouts timeouts,
        String defaultBackend,
        List<ServerSpec> servers,
        boolean forwardFor,
        AccessLogFormat accessLogFormat,
        HttpConnectionMode httpConnectionMode,
        boolean redispatch,
        int retries,
        boolean logGlobal,
        Settings settings) {

    public static final int DEFAULT_RETRIES = 3;

    public ProxySection {
        binds = List.copyOf(binds);
        servers = List.copyOf(servers);
    }

    /** A package's own setting of this proxy ({@link ProxyBuilder#set}), or its default. */
    public <T> T get(Setting<T> key) {
        return settings.get(key);
    }

    public boolean isFrontend() {
        return kind.isFrontend();
    }

    public boolean isBackend() {
        return kind.isBackend();
    }
}
