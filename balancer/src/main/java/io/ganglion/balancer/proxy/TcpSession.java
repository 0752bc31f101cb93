package io.ganglion.balancer.proxy;

import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.session.LiveStream;
import io.ganglion.balancer.session.LiveStreams;
import io.ganglion.balancer.session.StreamSides;
import io.ganglion.balancer.session.StreamSnapshot;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code mode tcp} connection: gets a server, connects, then relays bytes both ways until one
 * side closes. Installed on the client channel, which has AUTO_READ off until the server is there.
 *
 * <p>All fields are touched only on the client channel's event loop, which is also the server
 * channel's (the connection is made on that loop), so none needs to be volatile.
 */
final class TcpSession extends ChannelInboundHandlerAdapter implements ServerDispatch.Outcome, LiveStream {
    private static final Logger log = LoggerFactory.getLogger(TcpSession.class);

    private final Frontend frontend;
    private final Backend backend;
    private final ProxyContext context;
    private long id;
    private long rank;
    private long epoch;
    /** The last byte relayed either way, for the idle timers {@code show sess} prints. */
    private long lastActivityNanos;
    private Channel client;
    private Channel serverChannel;
    private Server server;
    private ServerDispatch dispatch;
    private long acceptMillis;
    private long startNanos;
    private long queueNanos = -1;
    private long connectNanos = -1;
    private long bytesFromClient;
    private long bytesToClient;
    private String termination = "--";
    private boolean finished;

    TcpSession(Frontend frontend, ProxyContext context) {
        this.frontend = frontend;
        this.backend = frontend.defaultBackend();
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        id = LiveStreams.current().nextId(); // on the connection's own loop, whose ids it takes
        rank = context.streamNumbers().nextRank();
        epoch = context.streamNumbers().epoch();
        acceptMillis = System.currentTimeMillis();
        startNanos = System.nanoTime();
        lastActivityNanos = startNanos;
        // HAProxy's stream of a tcp connection exists from its accept: show sess lists it from here.
        LiveStreams.current().add(this);
        if (context.accessLog() != null) {
            context.accessLog().started(frontend, client);
        }
        if (backend == null) {
            termination = "SC";
            ctx.close();
            return;
        }
        backend.counters().sessionStarted();
        // The server channel's relay handler is added once it is connected.
        dispatch = ServerDispatch.start(backend, ctx.channel().eventLoop(), context,
                ((InetSocketAddress) client.remoteAddress()).getAddress(), server -> new ChannelInboundHandlerAdapter(),
                null, this);
    }

    @Override
    public void connected(Server server, Channel channel, boolean reused, long queueNanos, long connectNanos) {
        if (finished) {
            // Cut (shutdown session) or abandoned while it was connecting: the server is not used.
            server.releaseSlot();
            channel.close();
            return;
        }
        this.server = server;
        this.serverChannel = channel;
        this.queueNanos = queueNanos;
        this.connectNanos = connectNanos;
        server.counters().sessionStarted();
        if (!client.isActive()) {
            channel.close();
            finish();
            return;
        }
        Duration serverTimeout = backend.config().timeouts().server();
        if (serverTimeout != null) {
            channel.pipeline().addLast(idleTimeout(serverTimeout, "sD"));
        }
        channel.pipeline().addLast(new TcpRelayHandler(client, this, false));
        client.pipeline().remove(this);
        Duration clientTimeout = frontend.config().timeouts().client();
        if (clientTimeout != null) {
            client.pipeline().addLast(idleTimeout(clientTimeout, "cD"));
        }
        client.pipeline().addLast(new TcpRelayHandler(channel, this, true));
        client.read();
        channel.read();
    }

    /** Closes the session when neither side has sent anything for {@code timeout}. */
    private ChannelInboundHandlerAdapter idleTimeout(Duration timeout, String code) {
        return new IdleStateHandler(0, 0, timeout.toNanos(), TimeUnit.NANOSECONDS) {
            @Override
            protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
                termination = code;
                ctx.close();
            }
        };
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Server server() {
        return server;
    }

    /**
     * {@code shutdown session(s)}: both sides closed; HAProxy 2.6 logs such a connection {@code K-},
     * or {@code KQ} with its time in the queue when it was still waiting for a server.
     */
    @Override
    public void kill() {
        if (finished) {
            return;
        }
        if (server == null) {
            termination = "KQ";
            queueNanos = System.nanoTime() - startNanos;
        } else {
            termination = "K-";
        }
        client.close();
        if (serverChannel != null) {
            serverChannel.close();
        }
        finish();
    }

    @Override
    public StreamSnapshot snapshot() {
        long now = System.nanoTime();
        StreamSnapshot.ServerSide serverSide = server == null ? null
                : new StreamSnapshot.ServerSide(server.name(), server.id(), StreamSides.address(serverChannel),
                        StreamSides.local(serverChannel));
        long idle = now - lastActivityNanos;
        long clientLeft = timeLeft(frontend.config().timeouts().client(), idle);
        long serverLeft = server == null ? -1 : timeLeft(backend.config().timeouts().server(), idle);
        long expire = clientLeft < 0 ? serverLeft : serverLeft < 0 ? clientLeft : Math.min(clientLeft, serverLeft);
        StreamSnapshot.Timers timers = server != null || backend == null
                ? new StreamSnapshot.Timers(clientLeft, serverLeft, expire, -1)
                : StreamSnapshot.Timers.queued(clientLeft, timeLeft(queueTimeout(backend), now - startNanos));
        var listener = StreamSides.listener(frontend.binds(), client);
        return new StreamSnapshot(id, rank, epoch, acceptMillis, now - startNanos, StreamSnapshot.Kind.TCP,
                StreamSides.client(client), new StreamSnapshot.Proxy(frontend.name(), frontend.config().mode()),
                listener.id(), listener.address(),
                backend == null ? null : new StreamSnapshot.Proxy(backend.name(), backend.config().mode()), serverSide,
                timers, bytesFromClient, bytesToClient, null);
    }

    /** HAProxy's {@code timeout queue}, which defaults to {@code timeout connect}. */
    private static Duration queueTimeout(Backend backend) {
        var t = backend.config().timeouts();
        return t.queue() != null ? t.queue() : t.connect();
    }

    private static long timeLeft(Duration timeout, long idleNanos) {
        return timeout == null ? -1 : Math.max(0, timeout.toNanos() - idleNanos);
    }

    @Override
    public void failed(ServerGrant.Rejection reason, Server lastTried, long queueNanos) {
        this.queueNanos = queueNanos;
        this.server = null;
        termination = reason == ServerGrant.Rejection.QUEUE_TIMEOUT ? "sQ" : "SC";
        client.close();
        finish();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The client left before a server was connected.
        if (termination.equals("--")) {
            termination = "CC";
        }
        finish();
    }

    void countBytes(boolean fromClient, int n) {
        lastActivityNanos = System.nanoTime();
        if (fromClient) {
            bytesFromClient += n;
            frontend.counters().bytesIn(n);
            backend.counters().bytesIn(n);
            server.counters().bytesIn(n);
        } else {
            bytesToClient += n;
            frontend.counters().bytesOut(n);
            backend.counters().bytesOut(n);
            server.counters().bytesOut(n);
        }
    }

    void closedBy(boolean clientSide) {
        finish();
    }

    void failed(boolean clientSide, Throwable cause) {
        log.debug("tcp session error on the {} side: {}", clientSide ? "client" : "server", cause.toString());
        if (termination.equals("--")) {
            termination = clientSide ? "CD" : "SD";
        }
        if (clientSide) {
            frontend.counters().clientAbort();
        } else if (server != null) {
            server.counters().serverAbort();
        }
    }

    /** Runs once, when the session ends for whatever reason. */
    private void finish() {
        if (finished || (serverChannel != null && (client.isActive() || serverChannel.isActive()))) {
            return;
        }
        finished = true;
        if (backend != null) {
            backend.counters().sessionEnded();
        }
        if (server != null) {
            long totalMillis = Channels.millis(System.nanoTime() - startNanos);
            server.counters().totalTime(totalMillis);
            backend.counters().totalTime(totalMillis);
            server.counters().sessionEnded();
            server.releaseSlot();
        }
        LiveStreams.current().remove(this);
        if (context.accessLog() != null && AccessLog.logsAtEnd(frontend)) {
            InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
            // HAProxy logs before it stops counting the connection (actconn and feconn include it);
            // here the client channel's close has already uncounted it.
            int stillCounted = client.isOpen() ? 0 : 1;
            context.accessLog().tcp(remote.getAddress().getHostAddress(), remote.getPort(), acceptMillis, frontend.name(),
                    backend == null ? "<NOSRV>" : backend.name(), server == null ? "<NOSRV>" : server.name(),
                    queueNanos < 0 ? -1 : Channels.millis(queueNanos), connectNanos < 0 ? -1 : Channels.millis(connectNanos),
                    Channels.millis(System.nanoTime() - startNanos), bytesToClient, termination,
                    context.activeConnections().get() + stillCounted, frontend.counters().current() + stillCounted,
                    backend == null ? 0 : backend.counters().current(), server == null ? 0 : server.counters().current(),
                    dispatch == null ? 0 : dispatch.retries());
        }
    }
}
