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
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.EventExecutor;
import java.net.BindException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Binds a frontend's addresses and sets up each accepted connection for its mode. Binding is
 * all-or-nothing: if one address cannot be bound, those already bound are released.
 *
 * <p>Where the listening sockets live: with the io_uring or epoll transport, each bind address has one socket
 * per event loop, all bound with {@code SO_REUSEPORT} (the kernel spreads new connections over
 * them), and each loop accepts on its own socket and keeps what it accepted while it is not the
 * busiest by more than one connection ({@link AcceptingLoopPlacement}): such a connection is set up
 * in the turn that accepted it, with no hand-off to another thread (a task and a wake-up, 14% of a
 * resumed TLS handshake's CPU when one thread accepted for all). HAProxy 2.6 also accepts on its
 * worker threads, and also binds with {@code SO_REUSEPORT} by default: as with HAProxy, another
 * process of the same user that sets it too can bind the same address. With NIO, one socket per
 * address on the accept loop hands each connection to the next event loop.
 *
 * <p>Every listener pauses (its connections wait in the kernel's backlog) while a limit is
 * reached: the frontend's or the global {@code maxconn}, or the process-wide rates of
 * {@link AcceptRateLimits}; it resumes on its own when the limit allows again. A loop that reaches
 * a limit with an accept pauses its own socket at once, in that turn; the others are paused by a
 * task on their loops (a connection each may overshoot meanwhile, an accept already on its way,
 * as HAProxy's threads do).
 */
public final class FrontendListener {
    /** Per-connection outbound buffer bounds: reads from the other side pause above the high mark. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private final EventLoopGroup group;
    /**
     * A loop apart from the traffic: it keeps the rate limits' wake-ups, drains the listening
     * sockets on a graceful stop (see {@link ListenerDrain}), and with NIO holds the sockets.
     */
    private final EventLoopGroup acceptLoop;
    private final ProxyContext context;
    /** A listening socket per event loop (SO_REUSEPORT), or one per address ({@code noreuseport}). */
    private final boolean reusePort;
    /** Frontends this listener has bound at least once, for the maxconn checks. */
    private final List<Frontend> frontends = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Set by a graceful stop: the listeners then accept whatever is queued, whatever the limits. */
    private volatile boolean draining;
    /** What goes first on each accepted connection (TLS); read by the event loops. */
    private volatile ConnectionLayer connectionLayer = ConnectionLayer.NONE;
    private final AcceptRateLimits rates;
    /** With io_uring or epoll: each connection on the loop that accepted it, within a balance (see there). */
    private final AcceptingLoopPlacement placement;
    /** Counts the sessions that the connection rules let through, and the refused connections. */
    private final SessionAdmission admission = new Admission();
    /** On the accept loop, after a count reached a rate limit: pauses every listener and sets the wake-up. */
    private final Runnable rateReview = () -> {
        reviewRateWait();
        // the listener that reached the limit paused itself: it resumes here if the wait was over meanwhile
        applyAccepting();
    };
    /**
     * Whether the accept loop's last review found a rate limit reached: it reviews the listeners
     * when that changes ({@link #mustPause} reads the rates themselves). Accept loop only.
     */
    private volatile boolean rateWaiting;
    // Accept loop only: the wake-up that ends a rate wait, and when it fires.
    private ScheduledFuture<?> rateWakeUp;
    private long rateWakeUpAt;

    /**
     * @param reusePort a listening socket per event loop ({@code SO_REUSEPORT}, with io_uring or epoll); false
     *                  ({@code noreuseport}): one per address, on the accept loop
     */
    public FrontendListener(EventLoopGroup acceptLoop, EventLoopGroup group, ProxyContext context, boolean reusePort) {
        this.reusePort = reusePort;
        this.acceptLoop = acceptLoop;
        this.group = group;
        this.context = context;
        this.rates = context.acceptRateLimits();
        this.placement = new AcceptingLoopPlacement(group);
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
                listen(frontend, listener, bound);
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

    /** Binds {@code listener}'s address: a socket per event loop with io_uring or epoll, one on the accept loop with NIO or {@code noreuseport}. */
    private void listen(Frontend frontend, BoundListener listener, List<Channel> bound) throws InterruptedException {
        if (!context.transport().reusePort() || !reusePort) {
            bound.add(bootstrap(frontend, listener, acceptLoop, group).bind(listener.bind().address()).sync().channel());
            return;
        }
        SocketAddress address = listener.bind().address();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            Channel socket = bootstrap(frontend, listener, loop, placement)
                    .option(UnixChannelOption.SO_REUSEPORT, true)
                    .bind(address).sync().channel();
            bound.add(socket);
            // port 0: the other loops' sockets join the port the first one was given
            address = socket.localAddress();
        }
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
                // io_uring cannot move a listening socket to another loop: it drains where it accepts
                closed.add(ListenerDrain.drainThenClose(ch, context.transport().movesChannels() ? acceptLoop.next() : ch.eventLoop()));
            }
        }
        closed.forEach(ChannelFuture::syncUninterruptibly);
        for (Frontend f : stopping) {
            f.listeners.clear();
            f.setEnabled(false);
        }
        // A connection accepted while draining is handed to its event loop as a task (registration,
        // then the session's setup). A task queued on every loop after the listeners closed runs
        // after all of those.
        for (EventExecutor loop : group) {
            loop.submit(() -> { }).syncUninterruptibly();
        }
    }

    /** A listening socket on {@code parent} whose connections go to {@code children}. */
    private ServerBootstrap bootstrap(Frontend frontend, BoundListener listener, EventLoopGroup parent,
            EventLoopGroup children) {
        return new ServerBootstrap()
                .group(parent, children)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel listening) {
                        // A bootstrap per bind: one drain per listening channel.
                        listening.pipeline().addLast(new ListenerDrain(), new RateCounting(frontend));
                    }
                })
                .channel(context.transport().serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                // no TCP_NODELAY child option: netty's epoll and NIO channels set it when made (off
                // Android), and the option set it a second time, a setsockopt per accepted connection
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted(frontend, listener, ch);
                    }
                });
    }

    private void accepted(Frontend frontend, BoundListener listener, Channel ch) {
        context.transport().prepare(ch);
        frontend.counters().connectionAccepted();
        context.activeConnections().incrementAndGet();
        pauseOwnListener(frontend, ch);
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
        // current from here, before the connection rules; a session once they accept it (Admission)
        frontend.counters().sessionOpened();
        TrafficCounters own = listener.counters();
        if (own != null) {
            // option socket-stats: the listener's row counts its sessions and wire bytes as the
            // frontend's does, but its stot counts connections, refused ones too (HAProxy 2.6,
            // measured). Without the option nothing is added to the connection's path.
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
        pauseOwnListener(frontend, ch);
        updateAccepting();
        if (frontend.config().mode() == ProxyMode.HTTP) {
            HttpSession.install(ch, frontend, context, admission);
        } else {
            ch.pipeline().addLast(new TcpSession(frontend, context, admission));
        }
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        });
    }

    /**
     * On the loop of {@code client}'s listener (epoll), at a limit: pausing it there stops its very
     * next accept, also within the turn that accepted {@code client}.
     */
    private void pauseOwnListener(Frontend frontend, Channel client) {
        Channel listening = client.parent();
        if (listening != null && listening.eventLoop().inEventLoop() && !draining && mustPause(frontend)) {
            listening.config().setAutoRead(false);
        }
    }

    /**
     * Stops accepting on a frontend that reached its {@code maxconn}, or on every frontend at the
     * global {@code maxconn}, and resumes below it: as in HAProxy, new connections then wait in the
     * kernel's backlog instead of being refused. Connections taken while the change is on its way to
     * a listener's loop overshoot the limit (a few at most). Call it after changing a limit.
     */
    public void updateAccepting() {
        if (!draining && acceptingMustChange()) {
            applyAccepting();
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

    /**
     * Counts an accepted connection on the loop that accepted it, where pausing its listener stops
     * the very next accept: a session too when {@code frontend} has no {@code tcp-request connection}
     * rules (with rules, {@link Admission} counts it once they accept it). Past a rate limit that
     * loop's listener pauses at once, and the accept loop pauses the others and sets the wake-up;
     * without a limit nothing leaves the loop. One per listening socket, made when it is bound.
     */
    private final class RateCounting extends ChannelInboundHandlerAdapter {
        private final Frontend frontend;

        RateCounting(Frontend frontend) {
            this.frontend = frontend;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object acceptedChannel) {
            rates.accepted(frontend.phases().connectionAccepted().isEmpty());
            if (!draining && rates.millisBeforeNextAccept() > 0) {
                ctx.channel().config().setAutoRead(false);
                acceptLoop.next().execute(rateReview);
            }
            ctx.fireChannelRead(acceptedChannel);
        }
    }

    /** See {@link SessionAdmission}; on the connection's loop. */
    private final class Admission implements SessionAdmission {
        @Override
        public void accepted(Frontend frontend, Channel client, boolean judged) {
            frontend.counters().sessionCounted();
            if (judged) {
                rates.sessionAccepted();
                if (!draining && rates.millisBeforeNextAccept() > 0) {
                    // maxsessrate reached after the accept: the listener waits from its next accept
                    pauseOwnListener(frontend, client);
                    acceptLoop.next().execute(rateReview);
                }
            }
        }

        @Override
        public void refused(Frontend frontend, Channel client) {
            frontend.counters().deniedConnection();
            TrafficCounters own = BoundListener.countersOf(client);
            if (own != null) {
                own.deniedConnection();
            }
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

    /** Cheap test from any thread: only a change costs a task on a listener's loop. */
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

    /** Pauses or resumes every listener, each on its own loop (see {@link #applyAccepting(Frontend, Channel)}). */
    private void applyAccepting() {
        if (draining) {
            return;
        }
        for (Frontend f : frontends) {
            for (Channel listener : f.listeners) {
                EventLoop loop = listener.eventLoop();
                if (loop.inEventLoop()) {
                    applyAccepting(f, listener);
                } else {
                    loop.execute(() -> applyAccepting(f, listener));
                }
            }
        }
    }

    /**
     * Runs on the listener's loop, where pausing takes effect at once: the same call from another
     * thread leaves the listener armed while a read is pending, and it takes one more connection.
     * It reads the counters when it runs, so of several queued changes the last one wins with the
     * latest counts.
     */
    private void applyAccepting(Frontend f, Channel listener) {
        if (draining || !listener.isOpen()) {
            return;
        }
        boolean pause = mustPause(f);
        if (listener.config().isAutoRead() == pause) {
            listener.config().setAutoRead(!pause);
        }
    }

    /**
     * A rate limit reached, or a maxconn (the global one or the frontend's). The rates are read
     * here, not {@link #rateWaiting}, which the accept loop sets a task after the accept that
     * reached the limit: the loop that paused its own listener at once goes on to start that
     * connection's session, which reviews the listeners, and the flag would then resume the listener
     * just paused (seen under {@code maxsessrate 5}: 10 accepted at once, every loop pausing and
     * resuming).
     */
    private boolean mustPause(Frontend f) {
        if (rates.millisBeforeNextAccept() > 0) {
            return true;
        }
        int gmax = context.globalMaxconn();
        int fmax = f.maxconn();
        return (gmax > 0 && context.activeConnections().get() >= gmax) || (fmax > 0 && f.counters().current() >= fmax);
    }
}
