package io.ganglion.balancer.proxy;

import io.ganglion.balancer.proxy.stream.FrontendPhases;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.session.LiveStreams;
import io.ganglion.balancer.session.StreamSnapshot;
import io.ganglion.balancer.stats.TrafficCounters;
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
 * One {@code mode tcp} connection, one {@link Stream}: runs the frontend's connection phase,
 * chooses a backend, gets a server, connects, then relays bytes both ways until one side closes.
 * Installed on the client channel, which has AUTO_READ off until the server is there.
 *
 * <p>All fields are touched only on the client channel's event loop, which is also the server
 * channel's (the connection is made on that loop), so none needs to be volatile.
 */
final class TcpSession extends ChannelInboundHandlerAdapter implements ServerDispatch.Outcome, Stream.Owner, LoggedStream {
    private static final Logger log = LoggerFactory.getLogger(TcpSession.class);

    private final Frontend frontend;
    private final ProxyContext context;
    private final SessionAdmission admission;
    private Stream stream;
    /** The last byte relayed either way, for the idle timers {@code show sess} prints. */
    private long lastActivityNanos;
    private Channel client;
    /** The accepting listener's counters ({@code option socket-stats}), or null; looked up once. */
    private TrafficCounters listenerCounters;
    private Channel serverChannel;
    private ServerDispatch dispatch;
    private boolean finished;

    TcpSession(Frontend frontend, ProxyContext context, SessionAdmission admission) {
        this.frontend = frontend;
        this.context = context;
        this.admission = admission;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        listenerCounters = BoundListener.countersOf(client);
        stream = new Stream(frontend, (InetSocketAddress) client.remoteAddress(), this, context.streamNumbers());
        lastActivityNanos = stream.startNanos();
        // HAProxy's stream of a tcp connection exists from its accept: show sess lists it from here.
        LiveStreams.current().add(stream);
        if (context.accessLog() != null) {
            context.accessLog().started(frontend, client);
        }
        FrontendPhases phases = stream.phases();
        if (phases.connectionAccepted().run(stream, client) == Verdict.ANSWERED) {
            // tcp-request connection reject: closed without a word, never a session
            admission.refused(frontend, client);
            ctx.close();
            return;
        }
        // a session once the connection rules accept it, also for what they tracked; the content
        // rules come after: a connection they refuse was a session (HAProxy 2.6, measured)
        stream.countSession();
        admission.accepted(frontend, client, !phases.connectionAccepted().isEmpty());
        if (phases.contentAccepted().run(stream, client) == Verdict.ANSWERED
                || phases.chooseBackend(stream, null) == Verdict.ANSWERED) {
            // Refused by a rule: closed without a word, as {@code tcp-request content reject}.
            ctx.close();
            return;
        }
        Backend backend = stream.backend();
        if (backend == null) {
            stream.terminate("SC");
            ctx.close();
            return;
        }
        backend.counters().sessionStarted();
        // The server channel's relay handler is added once it is connected.
        dispatch = ServerDispatch.start(backend, ctx.channel().eventLoop(), context,
                stream.client().getAddress(), server -> new ChannelInboundHandlerAdapter(), null,
                server -> server.connectionLayer().nameFor(stream, null),
                backend.phases().persistence().stickyServer(stream, backend), this);
    }

    @Override
    public void connected(Server server, Channel channel, boolean reused, long queueNanos, long connectNanos) {
        if (finished) {
            // Cut (shutdown session) or abandoned while it was connecting: the server is not used.
            server.releaseSlot();
            channel.close();
            return;
        }
        stream.assignServer(server);
        // a tcp stream has no response head: its request and response stores are made once connected
        stream.backend().phases().persistence().serverConnected(stream, server);
        stream.backend().phases().persistence().responseArrived(stream, null, server);
        this.serverChannel = channel;
        stream.queued(queueNanos);
        stream.connected(connectNanos);
        server.counters().sessionStarted();
        LiveStreams.current().add(stream);
        if (!client.isActive()) {
            channel.close();
            finish();
            return;
        }
        Duration serverTimeout = stream.backend().config().timeouts().server();
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
                stream.terminate(code);
                ctx.close();
            }
        };
    }

    /**
     * {@code shutdown session(s)}: both sides closed; HAProxy 2.6 logs such a connection {@code K-},
     * or {@code KQ} with its time in the queue when it was still waiting for a server.
     */
    @Override
    public void kill(Stream killed) {
        if (finished || killed != stream) {
            return;
        }
        if (stream.server() == null) {
            stream.terminate("KQ");
            stream.queued(LoopClock.nanoTime() - stream.startNanos());
        } else {
            stream.terminate("K-");
        }
        client.close();
        if (serverChannel != null) {
            serverChannel.close();
        }
        finish();
    }

    @Override
    public TrafficCounters listenerCounters() {
        return listenerCounters;
    }

    @Override
    public Stream.OwnerView view(Stream viewed, long nowNanos) {
        Backend backend = stream.backend();
        boolean served = stream.server() != null;
        long idle = nowNanos - lastActivityNanos;
        long clientLeft = timeLeft(frontend.config().timeouts().client(), idle);
        long serverLeft = served ? timeLeft(backend.config().timeouts().server(), idle) : -1;
        long expire = clientLeft < 0 ? serverLeft : serverLeft < 0 ? clientLeft : Math.min(clientLeft, serverLeft);
        StreamSnapshot.Timers timers = served || backend == null
                ? new StreamSnapshot.Timers(clientLeft, serverLeft, expire, -1)
                : StreamSnapshot.Timers.queued(clientLeft, stream.queueLeftNanos(nowNanos));
        return new Stream.OwnerView(client, serverChannel, timers, stream.bytesIn(), null);
    }

    private static long timeLeft(Duration timeout, long idleNanos) {
        return timeout == null ? -1 : Math.max(0, timeout.toNanos() - idleNanos);
    }

    @Override
    public void failed(ServerGrant.Rejection reason, Server lastTried, long queueNanos) {
        stream.queued(queueNanos);
        stream.assignServer(null);
        stream.terminate(reason == ServerGrant.Rejection.QUEUE_TIMEOUT ? "sQ" : "SC");
        client.close();
        finish();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The client left before a server was connected.
        if (stream.terminatedNormally()) {
            stream.terminate("CC");
        }
        finish();
    }

    void countBytes(boolean fromClient, int n) {
        lastActivityNanos = LoopClock.nanoTime();
        Server server = stream.server();
        Backend backend = stream.backend();
        if (fromClient) {
            stream.countIn(n);
            frontend.counters().bytesIn(n);
            backend.counters().bytesIn(n);
            server.counters().bytesIn(n);
        } else {
            stream.countOut(n);
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
        if (stream.terminatedNormally()) {
            stream.terminate(clientSide ? "CD" : "SD");
        }
        if (clientSide) {
            frontend.counters().clientAbort();
        } else if (stream.server() != null) {
            stream.server().counters().serverAbort();
        }
    }

    /** Runs once, when the session ends for whatever reason. */
    private void finish() {
        if (finished || (serverChannel != null && (client.isActive() || serverChannel.isActive()))) {
            return;
        }
        finished = true;
        Backend backend = stream.backend();
        Server server = stream.server();
        if (backend != null) {
            backend.counters().sessionEnded();
        }
        if (server != null) {
            long totalMillis = stream.activeMillis();
            server.counters().totalTime(totalMillis);
            backend.counters().totalTime(totalMillis);
            server.counters().sessionEnded();
            server.releaseSlot();
        }
        LiveStreams.current().remove(stream);
        stream.retries(dispatch == null ? 0 : dispatch.retries());
        if (dispatch != null) {
            stream.dispatched(dispatch.redispatched(), dispatch.queuePosition());
        }
        // The log phase writes the access log line, if the frontend logs one.
        stream.phases().log().run(stream, this);
        stream.releaseStickCounters();
    }

    // ---- what the log line reads (LoggedStream) -------------------------------------------------

    @Override
    public Stream stream() {
        return stream;
    }

    @Override
    public String requestLine() {
        return null;
    }

    @Override
    public InetSocketAddress frontendAddress() {
        return (InetSocketAddress) client.localAddress();
    }

    @Override
    public InetSocketAddress serverSourceAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public InetSocketAddress serverAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.remoteAddress();
    }

    /**
     * HAProxy logs before it stops counting the connection (actconn and feconn include it); here the
     * client channel's close has already uncounted it.
     */
    @Override
    public int activeConnections() {
        return context.activeConnections().get() + stillCounted();
    }

    @Override
    public int frontendConnections() {
        return frontend.counters().current() + stillCounted();
    }

    private int stillCounted() {
        return client.isOpen() ? 0 : 1;
    }
}
