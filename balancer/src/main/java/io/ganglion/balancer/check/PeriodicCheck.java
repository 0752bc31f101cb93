package io.ganglion.balancer.check;

import io.ganglion.balancer.config.Timeouts;
import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.stats.SslProcessFigures;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import io.ganglion.balancer.server.Server;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the periodic checks of a server (its health check, its agent) share: one event loop, a
 * first run after a delay and one after each run, and how a check's connection is opened and its
 * failure told in HAProxy's words.
 *
 * <p>Threading: every step but {@link #start} and {@link #stop} runs on the check's event loop, so
 * the fields need no synchronisation.
 */
abstract class PeriodicCheck {
    /** What a failed connection reports: {@code L4TOUT}, or {@code L4CON} with "Connection refused" or null. */
    interface ConnectFailure {
        void failed(String status, String info);
    }

    protected final Server server;
    protected final Timeouts timeouts;
    protected final EventLoop loop;
    private final Transport transport;
    private ScheduledFuture<?> next;
    private boolean stopped;

    PeriodicCheck(Server server, Timeouts timeouts, EventLoop loop, Transport transport) {
        this.server = server;
        this.timeouts = timeouts;
        this.loop = loop;
        this.transport = transport;
    }

    /**
     * Starts checking after {@code delay}: the caller spreads the first checks of many servers over
     * one interval, as HAProxy does (the first server at once, the last almost one interval later).
     */
    public void start(Duration delay) {
        loop.execute(() -> schedule(delay));
    }

    /**
     * Starts the checks of a server added at run time. HAProxy runs an added server's check task at
     * once, in the turn of its {@code add server}: a server added with its checks off (as {@code add
     * server} adds it, until {@code enable health} or {@code enable agent}) is found so, and its
     * first check comes one interval later. That is decided here, from the state at the add, not on
     * the check's loop, where a command that turned the checks on meanwhile would be seen first.
     */
    public void startAdded() {
        start(active() ? Duration.ZERO : inter());
    }

    public void stop() {
        loop.execute(() -> {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
        });
    }

    /** The time between two runs. */
    protected abstract Duration inter();

    /** Whether a run now would check, rather than find the checks off (or the server in maintenance) and wait. */
    protected abstract boolean active();

    /** One run; it ends, now or later, with {@link #again()}. */
    protected abstract void run();

    /** Runs the check again one interval from now, unless stopped meanwhile. */
    protected void again() {
        schedule(inter());
    }

    protected boolean stopped() {
        return stopped;
    }

    private void schedule(Duration delay) {
        if (!stopped) {
            next = loop.schedule(this::run, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Connects within {@code timeout connect}, or the interval when shorter or unset, with
     * {@code layer} under {@code handler}: {@code connected} runs once the layer is ready too. A
     * layer that fails (a TLS handshake) reports {@code L6RSP} "SSL handshake failure", or
     * {@code L6TOUT} when it timed out, as HAProxy 2.6 reports them.
     *
     * @param ssl where the layer counts its handshakes, or null
     */
    protected void connect(InetSocketAddress target, ServerConnectionLayer layer, SslProcessFigures ssl,
            ChannelHandler handler, Runnable connected, ConnectFailure failure) {
        Duration connectTimeout = timeouts.connect() != null && timeouts.connect().compareTo(inter()) < 0
                ? timeouts.connect() : inter();
        long connectMillis = Math.max(1, connectTimeout.toMillis());
        List<Future<Channel>> ready = new ArrayList<>(1);
        new Bootstrap().group(loop).channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Future<Channel> layerReady = layer.install(ch, target, null, connectMillis, ssl);
                        if (layerReady != null) {
                            ready.add(layerReady);
                        }
                        ch.pipeline().addLast(handler);
                    }
                })
                .connect(target)
                .addListener(f -> {
                    if (f.isSuccess() && ready.isEmpty()) {
                        connected.run();
                        return;
                    }
                    if (f.isSuccess()) {
                        ready.get(0).addListener(r -> {
                            if (r.isSuccess()) {
                                connected.run();
                            } else {
                                boolean timedOut = r.cause() instanceof javax.net.ssl.SSLHandshakeException
                                        && String.valueOf(r.cause().getMessage()).contains("timed out");
                                failure.failed(timedOut ? "L6TOUT" : "L6RSP", timedOut ? null : "SSL handshake failure");
                            }
                        });
                        return;
                    }
                    Throwable c = f.cause();
                    if (c instanceof ConnectTimeoutException) {
                        failure.failed("L4TOUT", null);
                    } else {
                        boolean refused = c instanceof ConnectException && c.getMessage() != null
                                && c.getMessage().contains("refused");
                        failure.failed("L4CON", refused ? "Connection refused" : null);
                    }
                });
    }
}
