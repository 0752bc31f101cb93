package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.BindSpec;
import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.proxy.http.HttpSession;
import io.ganglion.balancer.stats.TrafficCounters;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import java.net.BindException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Binds a frontend's addresses and sets up each accepted connection for its mode. Binding is
 * all-or-nothing: if one address cannot be bound, those already bound are released.
 *
 * <p>Every listener pauses (its connections wait in the kernel's backlog) while a limit is
 * reached: the frontend's or the global {@code maxconn}, or the process-wide rates of
 * {@link AcceptRateLimits}; it resumes on its own when the limit allows again.
 */
public final class FrontendListener {
    /** Per-connection outbound buffer bounds: reads from the other side pause above the high mark. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private final EventLoopGroup group;
    /** The loop the listening sockets live on, apart from the traffic (see {@link ListenerDrain}). */
    private final EventLoopGroup acceptLoop;
    private final ProxyContext context;
    /** Frontends this listener has bound at least once, for the maxconn checks. */
    private final List<Frontend> frontends = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Set by a graceful stop: the listeners then accept whatever is queued, whatever the limits. */
    private volatile boolean draining;
    /** What goes first on each accepted connection (TLS); read by the event loops. */
    private volatile ConnectionLayer connectionLayer = ConnectionLayer.NONE;
    private final AcceptRateLimits rates;
    /** Counts each accept on the accept loop, where pausing a listener stops the very next accept. */
    private final ChannelHandler rateCounting = new RateCounting();
    /** True while a rate limit holds every listener paused; changed on the accept loop only. */
    private volatile boolean rateWaiting;
    // Accept loop only: the wake-up that ends a rate wait, and when it fires.
    private ScheduledFuture<?> rateWakeUp;
    private long rateWakeUpAt;

    public FrontendListener(EventLoopGroup acceptLoop, EventLoopGroup group, ProxyContext context) {
        this.acceptLoop = acceptLoop;
        this.group = group;
        this.context = context;
        this.rates = context.acceptRateLimits();
    }

    /** Sets what every listener puts first on its connections, before anything is bound. */
    public void setConnectionLayer(ConnectionLayer layer) {
        this.connectionLayer = java.util.Objects.requireNonNull(layer, "layer");
    }

    /** A bind failure, worded as HAProxy's startup alert. */
    public static final class BindFailure extends Exception {
        public BindFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void bind(Frontend frontend) throws BindFailure {
        List<Channel> bound = new ArrayList<>();
        for (BoundListener listener : frontend.boundListeners()) {
            BindSpec bind = listener.bind();
            try {
                bound.add(bootstrap(frontend, listener).bind(bind.address()).sync().channel());
            } catch (Exception e) {
                bound.forEach(Channel::close);
                throw new BindFailure("Starting frontend " + frontend.name() + ": cannot bind socket ("
                        + bindErrorReason(e) + ") [" + bind.text() + "]", e);
            }
        }
        frontend.listeners.addAll(bound);
        frontend.setEnabled(true);
        if (!frontends.contains(frontend)) {
            frontends.add(frontend);
        }
        updateAccepting();
    }

    /** The operating system's reason, without the transport's decoration ("bind(..) failed with error(-98): "). */
    private static String bindErrorReason(Exception e) {
        String m = String.valueOf(e.getMessage());
        for (String known : new String[] {"Address already in use", "Permission denied", "Cannot assign requested address"}) {
            if (m.contains(known)) {
                return known;
            }
        }
        return e instanceof BindException ? "Address already in use" : m;
    }

    /** Closes the listening sockets: new connections are refused, established ones go on. */
    public void unbind(Frontend frontend) {
        for (Channel ch : frontend.listeners) {
            ch.close().syncUninterruptibly();
        }
        frontend.listeners.clear();
        frontend.setEnabled(false);
    }

    /**
     * Graceful stop: closes every listening socket of {@code stopping} after accepting what the
     * kernel had queued for it (see {@link ListenerDrain}), then waits until every connection
     * accepted so far is set up on its event loop. After this, {@link ProxyContext#clientChannels()}
     * holds every client connection the balancer will ever have, each with its session installed.
     */
    public void stopAccepting(Collection<Frontend> stopping) {
        draining = true;
        List<ChannelFuture> closed = new ArrayList<>();
        for (Frontend f : stopping) {
            for (Channel ch : f.listeners) {
                closed.add(ListenerDrain.drainThenClose(ch));
            }
        }
        closed.forEach(ChannelFuture::syncUninterruptibly);
        for (Frontend f : stopping) {
            f.listeners.clear();
            f.setEnabled(false);
        }
        // An accepted connection is handed to its event loop as a task (registration, then the
        // session's setup). A task queued on every loop after the listeners closed runs after
        // all of those.
        for (EventExecutor loop : group) {
            loop.submit(() -> { }).syncUninterruptibly();
        }
    }

    private ServerBootstrap bootstrap(Frontend frontend, BoundListener listener) {
        return new ServerBootstrap()
                .group(acceptLoop, group)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel listening) {
                        // A bootstrap per bind: one drain per listening channel.
                        listening.pipeline().addLast(new ListenerDrain(), rateCounting);
                    }
                })
                .channel(context.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted(frontend, listener, ch);
                    }
                });
    }

    private void accepted(Frontend frontend, BoundListener listener, Channel ch) {
        frontend.counters().connectionAccepted();
        context.activeConnections().incrementAndGet();
        context.clientChannels().add(ch);
        ch.closeFuture().addListener(f -> {
            context.activeConnections().decrementAndGet();
            updateAccepting();
        });
        // The session starts at once, or once the layer is done (a TLS handshake): HAProxy counts a
        // TLS connection's session (stot) only after its handshake succeeded.
        connectionLayer.install(frontend, listener, ch, () -> startSession(frontend, listener, ch));
    }

    private void startSession(Frontend frontend, BoundListener listener, Channel ch) {
        frontend.counters().sessionStarted();
        TrafficCounters own = listener.counters();
        if (own != null) {
            // option socket-stats: the listener's row counts its sessions and wire bytes as the
            // frontend's does. Without the option nothing is added to the connection's path.
            own.connectionAccepted();
            own.sessionStarted();
            listener.mark(ch);
            if (frontend.config().mode() != ProxyMode.HTTP) { // HTTP counts its messages (HttpSession)
                ch.pipeline().addLast(WireByteCount.into(own::bytesIn, own::bytesOut));
            }
        }
        ch.closeFuture().addListener(f -> {
            frontend.counters().sessionEnded();
            if (own != null) {
                own.sessionEnded();
            }
            updateAccepting();
        });
        updateAccepting();
        if (frontend.config().mode() == ProxyMode.HTTP) {
            HttpSession.install(ch, frontend, context);
        } else {
            ch.pipeline().addLast(new TcpSession(frontend, context));
        }
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }

    /**
     * Stops accepting on a frontend that reached its {@code maxconn}, or on every frontend at the
     * global {@code maxconn}, and resumes below it: as in HAProxy, new connections then wait in the
     * kernel's backlog instead of being refused. Connections taken while the change is on its way to
     * the accept loop overshoot the limit (a few at most). Call it after changing a limit.
     */
    public void updateAccepting() {
        if (!draining && acceptingMustChange()) {
            acceptLoop.next().execute(this::applyAccepting);
        }
    }

    /** {@code set rate-limit connections global}: paused listeners resume at once if the new limit allows. */
    public void setConnectionRateLimit(int perSecond) {
        rates.setConnectionLimit(perSecond);
        acceptLoop.next().execute(this::reviewRateWait);
    }

    /** {@code set rate-limit sessions global}. */
    public void setSessionRateLimit(int perSecond) {
        rates.setSessionLimit(perSecond);
        acceptLoop.next().execute(this::reviewRateWait);
    }

    /** Counts an accepted connection before it is handed to its event loop. */
    @ChannelHandler.Sharable
    private final class RateCounting extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object acceptedChannel) {
            rates.accepted();
            reviewRateWait();
            ctx.fireChannelRead(acceptedChannel);
        }
    }

    /**
     * On the accept loop: pauses every listener while one more accept would exceed a rate limit,
     * and sets a wake-up for when it will not (the wake-up looks again, as the limits may have
     * changed meanwhile). HAProxy's listeners wait in its global queue the same way.
     */
    private void reviewRateWait() {
        long wait = draining ? 0 : rates.millisBeforeNextAccept();
        if (wait > 0) {
            long at = AcceptRateLimits.nowMillis() + wait;
            if (rateWakeUp == null || at < rateWakeUpAt) {
                if (rateWakeUp != null) {
                    rateWakeUp.cancel(false);
                }
                rateWakeUpAt = at;
                rateWakeUp = acceptLoop.next().schedule(() -> {
                    rateWakeUp = null;
                    reviewRateWait();
                }, wait, TimeUnit.MILLISECONDS);
            }
        }
        if ((wait > 0) != rateWaiting) {
            rateWaiting = wait > 0;
            applyAccepting();
        }
    }

    /** Cheap test from any thread: only a change costs a task on the accept loop. */
    private boolean acceptingMustChange() {
        for (Frontend f : frontends) {
            boolean pause = mustPause(f);
            for (Channel listener : f.listeners) {
                if (listener.config().isAutoRead() == pause) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs on the accept loop, where pausing takes effect at once: the same call from another
     * thread leaves the listener armed while a read is pending, and it takes one more connection.
     * It reads the counters when it runs, so of several queued changes the last one wins with the
     * latest counts.
     */
    private void applyAccepting() {
        if (draining) {
            return;
        }
        for (Frontend f : frontends) {
            boolean pause = mustPause(f);
            for (Channel listener : f.listeners) {
                if (listener.config().isAutoRead() == pause) {
                    listener.config().setAutoRead(!pause);
                }
            }
        }
    }

    /** A rate wait, or a maxconn reached (the global one or the frontend's). */
    private boolean mustPause(Frontend f) {
        if (rateWaiting) {
            return true;
        }
        int gmax = context.globalMaxconn();
        int fmax = f.maxconn();
        return (gmax > 0 && context.activeConnections().get() >= gmax) || (fmax > 0 && f.counters().current() >= fmax);
    }
}
