package io.ganglion.balancer.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Collects a {@code defaults}, {@code frontend}, {@code backend} or {@code listen} section while it is
 * parsed. A proxy starts as a {@link #copyFor copy} of the {@code defaults} section in force.
 * Confined to the parsing thread.
 */
public final class ProxyBuilder {
    private final String name;
    private final ProxyKind kind;
    private final Source source;
    private ProxyMode mode = ProxyMode.TCP;
    private final List<BindSpec> binds = new ArrayList<>();
    private boolean bindWritten;
    private int maxconn;
    private Timeouts timeouts = Timeouts.none();
    private String defaultBackend;
    private Source defaultBackendSource;
    private final Map<String, ServerSpec> servers = new LinkedHashMap<>();
    private ServerSpec defaultServer = ServerSpec.DEFAULTS;
    private boolean forwardFor;
    private AccessLogFormat accessLogFormat = AccessLogFormat.CONNECT;
    private HttpConnectionMode httpConnectionMode = HttpConnectionMode.KEEP_ALIVE;
    private boolean redispatch;
    private int retries = ProxySection.DEFAULT_RETRIES;
    private boolean logGlobal;
    /** What packages other than {@code config} keep on the proxy, by their own keys. */
    private Settings settings = Settings.EMPTY;

    /** A {@code defaults} section, or a proxy when no {@code defaults} precedes it. */
    public ProxyBuilder(String name, ProxyKind kind, Source source) {
        this.name = name;
        this.kind = kind;
        this.source = source;
    }

    /** A new proxy that inherits every setting of this {@code defaults} section (binds and servers are never inherited). */
    public ProxyBuilder copyFor(String proxyName, ProxyKind proxyKind, Source proxySource) {
        ProxyBuilder p = new ProxyBuilder(proxyName, proxyKind, proxySource);
        p.mode = mode;
        p.maxconn = maxconn;
        p.timeouts = timeouts;
        p.defaultBackend = defaultBackend;
        p.defaultBackendSource = defaultBackendSource;
        p.defaultServer = defaultServer;
        p.forwardFor = forwardFor;
        p.accessLogFormat = accessLogFormat;
        p.httpConnectionMode = httpConnectionMode;
        p.redispatch = redispatch;
        p.retries = retries;
        p.logGlobal = logGlobal;
        p.settings = settings;
        return p;
    }

    /** HAProxy's name for a proxy kind in messages: a listen section is a "proxy". */
    public static String kindWord(ProxyKind kind) {
        return kind == ProxyKind.LISTEN ? "proxy" : kind.keyword();
    }

    public String name() {
        return name;
    }

    public ProxyKind kind() {
        return kind;
    }

    public Source source() {
        return source;
    }

    public void mode(ProxyMode value) {
        mode = value;
    }

    public void addBind(BindSpec bind) {
        binds.add(bind);
    }

    /** The addresses of the bind lines read so far. */
    public List<BindSpec> binds() {
        return List.copyOf(binds);
    }

    /** A {@code bind} line was written, even a bad one (already reported): no "has no 'bind'" alert on top. */
    public void bindWritten() {
        bindWritten = true;
    }

    public boolean hasBindLine() {
        return bindWritten;
    }

    public void maxconn(int value) {
        maxconn = value;
    }

    public void timeouts(UnaryOperator<Timeouts> change) {
        timeouts = change.apply(timeouts);
    }

    public void defaultBackend(String backend, Source where) {
        defaultBackend = backend;
        defaultBackendSource = where;
    }

    /** Where {@code default_backend} was written, for the messages of the cross-proxy checks. */
    public Source defaultBackendSource() {
        return defaultBackendSource;
    }

    /** The server of that name already declared in this proxy, or null. */
    public ServerSpec server(String serverName) {
        return servers.get(serverName);
    }

    public void addServer(ServerSpec server) {
        servers.put(server.name(), server);
    }

    public ServerSpec defaultServer() {
        return defaultServer;
    }

    public void defaultServer(ServerSpec value) {
        defaultServer = value;
    }

    public void forwardFor(boolean on) {
        forwardFor = on;
    }

    /** {@code option httplog|tcplog} or {@code log-format}: the last one written wins. */
    public void accessLogFormat(AccessLogFormat value) {
        accessLogFormat = value;
    }

    /** The format as written (in the proxy or its defaults), before a {@code mode tcp} frontend's fallback from HTTP to TCP. */
    public AccessLogFormat writtenAccessLogFormat() {
        return accessLogFormat;
    }

    /**
     * {@code option http-keep-alive|http-server-close|httpclose}, or with {@code no} before it: as in
     * HAProxy, {@code no option X} turns X off (back to keep-alive) only if X is the mode in force.
     */
    public void httpConnectionMode(HttpConnectionMode value, boolean on) {
        if (on) {
            httpConnectionMode = value;
        } else if (httpConnectionMode == value) {
            httpConnectionMode = HttpConnectionMode.KEEP_ALIVE;
        }
    }

    public void redispatch(boolean on) {
        redispatch = on;
    }

    public void retries(int value) {
        retries = value;
    }

    public void logGlobal(boolean on) {
        logGlobal = on;
    }

    /** A package's own proxy setting, as set so far (or inherited from {@code defaults}). */
    public <T> T get(Setting<T> key) {
        return settings.get(key);
    }

    public <T> void set(Setting<T> key, T value) {
        settings = settings.with(key, value);
    }

    public ProxySection build() {
        // A listen section is its own backend unless it names another one.
        String backend = defaultBackend == null && kind == ProxyKind.LISTEN ? name : defaultBackend;
        // HAProxy 2.6 logs a mode tcp frontend's "option httplog" in the TCP format (and warns).
        // (The directive's file:line is kept, as HAProxy keeps it.)
        AccessLogFormat logFormat = mode == ProxyMode.TCP && accessLogFormat.needsHttpMode()
                ? AccessLogFormat.tcpLog(accessLogFormat.source()) : accessLogFormat;
        return new ProxySection(name, kind, source, mode, binds, maxconn, timeouts,
                kind.isFrontend() ? backend : null, List.copyOf(servers.values()), forwardFor,
                logFormat, httpConnectionMode, redispatch, retries, logGlobal, settings);
    }
}
