package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.server.Server;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gets one request (HTTP) or connection (TCP) a connected server channel: a server from the
 * backend (maybe after queueing), then a connection (reused from the pool when the caller has one),
 * with {@code retries} new attempts after a failed connect; with {@code option redispatch} each
 * retry goes to another server when one is usable. Everything runs on the client's event loop.
 */
public final class ServerDispatch implements ServerGrant {
    /** What the dispatch reports to its owner, on the owner's event loop. */
    public interface Outcome {
        /** A connected channel to {@code server}, whose slot the owner now holds and must release. */
        void connected(Server server, Channel channel, boolean reused, long queueNanos, long connectNanos);

        /** No server, queue timeout, or every retry failed: the owner answers 503. */
        void failed(ServerGrant.Rejection reason, Server lastTried, long queueNanos);
    }

    /** A per-event-loop source of idle connections (HTTP keep-alive); TCP has none. */
    public interface ConnectionSource {
        /** An idle connection to {@code server} opened for {@code name} (see {@link ServerConnectionLayer#NAME}), or null. */
        Channel takeIdle(Server server, String name);
    }

    /** The name a connection to a server is opened for, for this request or connection (the TLS SNI). */
    public interface ConnectionNames {
        String nameFor(Server server);
    }

    private final Backend backend;
    private final EventLoop loop;
    private final ProxyContext context;
    private final InetAddress client;
    private final Function<Server, ChannelHandler> serverPipeline;
    private final ConnectionSource idleConnections;
    private final ConnectionNames names;
    private final Outcome outcome;
    /**
     * Servers a failed connect ruled out for this request ({@code option redispatch}); the empty set
     * until then, made only by the rare retry rather than by every request.
     */
    private Set<Server> tried = Set.of();
    private int retriesLeft;
    private long queueNanos;
    private int retries;
    /** Sent to another server after a failed connect ({@code option redispatch}): the {@code +} of {@code %rc}. */
    private boolean redispatched;
    /** HAProxy's {@code %bq}: the positions it had in the backend's queue, added up. */
    private long queuePosition;

    private ServerDispatch(Backend backend, EventLoop loop, ProxyContext context, InetAddress client,
            Function<Server, ChannelHandler> serverPipeline, ConnectionSource idleConnections, ConnectionNames names,
            Outcome outcome) {
        this.backend = backend;
        this.loop = loop;
        this.context = context;
        this.client = client;
        this.serverPipeline = serverPipeline;
        this.idleConnections = idleConnections;
        this.names = names;
        this.outcome = outcome;
        this.retriesLeft = backend.config().retries();
    }

    /**
     * Starts getting a server connection for one request or connection.
     *
     * @param serverPipeline  the handlers of a new connection to a given server
     * @param idleConnections kept-alive connections to reuse, or null
     * @param names           the name of a connection to a given server for this stream (its SNI)
     * @param sticky          the server the backend's stick rules found for the client, or null
     */
    public static ServerDispatch start(Backend backend, EventLoop loop, ProxyContext context, InetAddress client,
            Function<Server, ChannelHandler> serverPipeline, ConnectionSource idleConnections, ConnectionNames names,
            Server sticky, Outcome outcome) {
        ServerDispatch d = new ServerDispatch(backend, loop, context, client, serverPipeline, idleConnections, names,
                outcome);
        if (sticky != null) {
            backend.acquire(sticky, client, d.tried, loop, d);
        } else {
            d.start();
        }
        return d;
    }

    private void start() {
        backend.acquire(client, tried, loop, this);
    }

    /** Connection attempts after the first. */
    public int retries() {
        return retries;
    }

    public boolean redispatched() {
        return redispatched;
    }

    /** Its position in the backend's queue when it left it (0 when it never waited there). */
    public long queuePosition() {
        return queuePosition;
    }

    @Override
    public void leftQueue(long position) {
        queuePosition += position;
    }

    @Override
    public void granted(Server server, long waitedNanos) {
        queueNanos += waitedNanos;
        long queueMillis = TimeUnit.NANOSECONDS.toMillis(waitedNanos);
        server.counters().selected(queueMillis);
        backend.counters().selected(queueMillis);
        String name = names.nameFor(server);
        Channel idle = idleConnections == null ? null : idleConnections.takeIdle(server, name);
        if (idle != null) {
            server.counters().reused();
            backend.counters().reused();
            outcome.connected(server, idle, true, queueNanos, 0);
            return;
        }
        connect(server, name);
    }

    @Override
    public void rejected(Rejection reason, long waitedNanos) {
        queueNanos += waitedNanos;
        outcome.failed(reason, null, queueNanos);
    }

    private void connect(Server server, String name) {
        long started = LoopClock.nanoTime();
        connect(server, name, backend, loop, context, serverPipeline.apply(server), f -> {
            if (f.isSuccess()) {
                long connectNanos = LoopClock.nanoTime() - started;
                server.counters().connected(TimeUnit.NANOSECONDS.toMillis(connectNanos));
                backend.counters().connected(TimeUnit.NANOSECONDS.toMillis(connectNanos));
                outcome.connected(server, f.channel(), false, queueNanos, connectNanos);
            } else {
                connectFailed(server, name, f.cause());
            }
        });
    }

    /**
     * Opens a new connection to {@code server} on {@code loop}, AUTO_READ off, within {@code timeout
     * connect}, with the server's {@link ServerConnectionLayer} under {@code pipeline}. A connection
     * whose layer fails (a TLS handshake refused) fails as a connect does, as HAProxy counts it: a
     * connection error, retried, then 503.
     */
    private static void connect(Server server, String name, Backend backend, EventLoop loop, ProxyContext context,
            ChannelHandler pipeline, ChannelFutureListener done) {
        ServerConnectionLayer layer = server.connectionLayer();
        ProxySection cfg = backend.config();
        // HAProxy's connect timeout runs until the layer is ready too (its L6 connection).
        long connectMillis = cfg.timeouts().connect() == null ? 0
                : Math.min(Integer.MAX_VALUE, cfg.timeouts().connect().toMillis());
        List<Future<Channel>> ready = new ArrayList<>(1);
        // a plain server's connection (the common case) takes the pipeline as it is
        ChannelHandler handlers = layer == ServerConnectionLayer.NONE ? pipeline : new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                context.transport().prepare(ch); // a TLS layer reads after a failed handshake
                ch.attr(ServerConnectionLayer.NAME).set(name);
                Future<Channel> layerReady = layer.install(ch, server.settings().address(), name, connectMillis,
                        context.ssl());
                if (layerReady != null) {
                    ready.add(layerReady);
                }
                ch.pipeline().addLast(pipeline);
            }
        };
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(context.transport().clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(handlers);
        if (connectMillis > 0) {
            b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectMillis);
        }
        b.connect(server.settings().address()).addListener((ChannelFuture f) -> {
            if (!f.isSuccess() || ready.isEmpty()) {
                done.operationComplete(f);
                return;
            }
            ready.get(0).addListener(r -> {
                if (r.isSuccess()) {
                    done.operationComplete(f);
                } else {
                    f.channel().close();
                    done.operationComplete(f.channel().newFailedFuture(r.cause()));
                }
            });
        });
    }

    /**
     * A failed attempt: retried while {@code retries} allow and the server's layer says another
     * attempt may succeed. As HAProxy 2.6 counts them (measured), {@code econ} counts the request
     * that gave up, once, and {@code wretr} each retry.
     */
    private void connectFailed(Server server, String name, Throwable cause) {
        if (!server.connectionLayer().worthRetrying(cause)) {
            retriesLeft = 0;
        }
        if (retriesLeft <= 0) {
            server.counters().connectionError();
            backend.counters().connectionError();
            server.releaseSlot();
            outcome.failed(Rejection.NO_SERVER, server, queueNanos);
            return;
        }
        retriesLeft--;
        retries++;
        server.counters().retry();
        backend.counters().retry();
        if (backend.config().redispatch()) {
            server.releaseSlot();
            if (tried.isEmpty()) {
                tried = new HashSet<>();
            }
            tried.add(server);
            backend.counters().redispatch();
            redispatched = true;
            backend.acquire(client, tried, loop, new ServerGrant() {
                @Override
                public void granted(Server next, long waited) {
                    ServerDispatch.this.granted(next, waited);
                }

                @Override
                public void leftQueue(long position) {
                    ServerDispatch.this.leftQueue(position);
                }

                @Override
                public void rejected(Rejection reason, long waited) {
                    // Nothing else usable: one more try on the same server rather than giving up.
                    tried = Set.of();
                    start();
                }
            });
        } else {
            connect(server, name);
        }
    }
}
