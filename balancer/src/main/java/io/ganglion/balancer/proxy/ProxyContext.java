package io.ganglion.balancer.proxy;

import io.ganglion.balancer.session.ErrorCaptures;
import io.ganglion.balancer.session.StreamNumbers;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of the process shares: the transport, the global limits and rates, the stop signal. */
public final class ProxyContext {
    /** Ranks and {@code show sess} epochs of this balancer's streams. */
    private final StreamNumbers streamNumbers = new StreamNumbers();
    private final Transport transport;
    private final AccessLog accessLog;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final AcceptRateLimits acceptRateLimits;
    /** Every accepted client connection, so a graceful stop can wait for them and nudge idle ones. */
    private final ChannelGroup clientChannels = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private volatile int globalMaxconn;
    private volatile boolean stopping;
    /** The last invalid request and response of each proxy ({@code show errors}). */
    private final ErrorCaptures errors = new ErrorCaptures();
    private final io.ganglion.balancer.stats.SslProcessFigures ssl = new io.ganglion.balancer.stats.SslProcessFigures();

    public ProxyContext(Transport transport, int globalMaxconn, AcceptRateLimits acceptRateLimits, AccessLog accessLog) {
        this.transport = transport;
        this.globalMaxconn = globalMaxconn;
        this.acceptRateLimits = acceptRateLimits;
        this.accessLog = accessLog;
    }

    public StreamNumbers streamNumbers() {
        return streamNumbers;
    }

    public Transport transport() {
        return transport;
    }

    /** Where access log lines go, or null when the global section has no {@code log} target. */
    public AccessLog accessLog() {
        return accessLog;
    }

    public AtomicInteger activeConnections() {
        return activeConnections;
    }

    public ChannelGroup clientChannels() {
        return clientChannels;
    }

    /** The process-wide limits on new connections and sessions per second, and their rates. */
    public AcceptRateLimits acceptRateLimits() {
        return acceptRateLimits;
    }

    public int globalMaxconn() {
        return globalMaxconn;
    }

    public void setGlobalMaxconn(int maxconn) {
        this.globalMaxconn = maxconn;
    }

    /** The process-wide TLS figures of {@code show info}. */
    public io.ganglion.balancer.stats.SslProcessFigures ssl() {
        return ssl;
    }

    public ErrorCaptures errors() {
        return errors;
    }

    public boolean stopping() {
        return stopping;
    }

    public void markStopping() {
        stopping = true;
    }
}
