package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.BindSpec;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.proxy.stream.FrontendPhases;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.proxy.stream.StreamAction;
import io.ganglion.balancer.stats.H1Counters;
import io.ganglion.balancer.stats.TrafficCounters;
import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A frontend at run time: its listening sockets, where its traffic goes, and its counters. A
 * {@code listen} section is a frontend whose default backend is itself.
 */
public final class Frontend {
    private final ProxySection config;
    private final Backend defaultBackend;
    private final TrafficCounters counters = new TrafficCounters();
    /** Its client connections' h1 module counters ({@code mode http} only). */
    private final H1Counters h1Counters = new H1Counters();
    private final io.ganglion.balancer.stats.SslCounters sslCounters = new io.ganglion.balancer.stats.SslCounters();
    /** The bound server channels, one per {@code bind} address; replaced by enable/disable. */
    final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private volatile int maxconn;
    private volatile boolean enabled = true;
    /** One per bound address, in configuration order. */
    private final List<BoundListener> boundListeners;
    /** Read once per stream: a stream runs the phases it started with to its end. */
    private volatile FrontendPhases phases;

    public Frontend(ProxySection config, Backend defaultBackend) {
        this(config, defaultBackend, name -> null, null);
    }

    /**
     * @param backends the running backends by name, for the {@code use_backend} rules
     * @param logLine the log phase's line writer, null when the frontend logs nothing at the end of a stream
     */
    public Frontend(ProxySection config, Backend defaultBackend, java.util.function.Function<String, Backend> backends,
            StreamAction<LoggedStream> logLine) {
        this.config = config;
        this.defaultBackend = defaultBackend;
        this.maxconn = config.maxconn();
        this.phases = FrontendPhases.compile(config, defaultBackend, backends, logLine);
        this.boundListeners = BoundListener.of(config.binds(), config.get(ListenerKeywords.SOCKET_STATS));
    }

    /** The phases its streams run through, compiled from its configuration. */
    public FrontendPhases phases() {
        return phases;
    }

    /** Replaces the phases for the streams that start from now on (tests install their own rules). */
    public void publishPhases(FrontendPhases compiled) {
        this.phases = compiled;
    }

    public String name() {
        return config.name();
    }

    public ProxySection config() {
        return config;
    }

    /** Null when the frontend has no {@code default_backend}: its requests get a 503. */
    public Backend defaultBackend() {
        return defaultBackend;
    }

    public TrafficCounters counters() {
        return counters;
    }

    public H1Counters h1Counters() {
        return h1Counters;
    }

    /** The ssl module's counters, counted by the tls package on {@code bind ... ssl} listeners. */
    public io.ganglion.balancer.stats.SslCounters sslCounters() {
        return sslCounters;
    }

    public List<BindSpec> binds() {
        return config.binds();
    }

    /** Its listening addresses with their ids, names and (with {@code option socket-stats}) counters. */
    public List<BoundListener> boundListeners() {
        return boundListeners;
    }

    public int maxconn() {
        return maxconn;
    }

    public void setMaxconn(int maxconn) {
        this.maxconn = maxconn;
    }

    public boolean isEnabled() {
        return enabled;
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
