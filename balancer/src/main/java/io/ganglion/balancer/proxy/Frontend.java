package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.BindSpec;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.proxy.stream.FrontendPhases;
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
    /** The bound server channels, one per {@code bind} address; replaced by enable/disable. */
    final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private volatile int maxconn;
    private volatile boolean enabled = true;
    /** Read once per stream: a stream runs the phases it started with to its end. */
    private volatile FrontendPhases phases;

    public Frontend(ProxySection config, Backend defaultBackend) {
        this(config, defaultBackend, name -> null);
    }

    /** @param backends the running backends by name, for the {@code use_backend} rules */
    public Frontend(ProxySection config, Backend defaultBackend, java.util.function.Function<String, Backend> backends) {
        this.config = config;
        this.defaultBackend = defaultBackend;
        this.maxconn = config.maxconn();
        this.phases = FrontendPhases.compile(config, defaultBackend, backends);
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

    public List<BindSpec> binds() {
        return config.binds();
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
