package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.config.AccessLogFormat;
import io.ganglion.balancer.proxy.AccessLog;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.GracefulStop;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.proxy.ProxyContext;
import io.ganglion.balancer.proxy.ServerDispatch;
import io.ganglion.balancer.proxy.ServerGrant;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.session.LiveStream;
import io.ganglion.balancer.session.LiveStreams;
import io.ganglion.balancer.session.StreamSides;
import io.ganglion.balancer.session.StreamSnapshot;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection in {@code mode http}: requests are read one at a time, each is sent to a
 * server (a reused keep-alive connection when the loop has one), and its response is streamed back
 * before the next request is looked at. Bodies are streamed both ways, never held whole: a side is
 * read only while the other side's outbound buffer is below its high-water mark (both channels have
 * AUTO_READ off).
 *
 * <p>Threading: the client channel, every server connection it uses and the pool live on one
 * event loop, so no field here is shared with another thread.
 */
public final class HttpSession extends ChannelInboundHandlerAdapter implements ByteCounter.Sink {
    private static final Logger log = LoggerFactory.getLogger(HttpSession.class);
    private static final long DEFAULT_POOL_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How many times a bodiless request is sent again after its kept-alive connection died unanswered. */
    private static final int MAX_STALE_REPLAYS = 2;
    /**
     * On a graceful stop, how long a connection must have been quiet (no request, no byte of one)
     * to be closed. A client that has just read a response is most likely writing its next request:
     * closing under it would reset that request, which it could not tell from one the balancer read
     * and dropped. Waiting this long lets that request arrive and be answered, with
     * {@code Connection: close}; a connection quiet for longer is closed at once.
     */
    private static final long STOP_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final HttpDecoderConfig REQUEST_LIMITS = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(16 * 1024)
            .setMaxChunkSize(64 * 1024);
    private static final HttpDecoderConfig RESPONSE_LIMITS = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(32 * 1024)
            .setMaxChunkSize(64 * 1024);

    private final Frontend frontend;
    private final Backend backend;
    private final ProxyContext context;
    private final ProxyResponseEncoder encoder = new ProxyResponseEncoder();
    private final ClientRequestDecoder decoder = new ClientRequestDecoder(REQUEST_LIMITS);
    /** Messages read from the client that cannot be forwarded yet (no server connection, or a pipelined request). */
    private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
    private Channel client;
    /** The client's address, read once: every request needs it (source balancing, logs). */
    private InetSocketAddress clientAddress;
    private Exchange exchange;
    /**
     * The timers are lazy: a request or a response does not cancel and re-schedule them (two
     * priority-queue operations per request on the loop). A deadline field says what is due, and a
     * timer that fires early re-arms itself for the rest, so at most one of each is pending.
     */
    private ScheduledFuture<?> idleTimer;
    /** When the idle connection times out; 0 while an exchange runs or when no timeout applies. */
    private long idleDeadlineNanos;
    /** When the pending {@link #idleTimer} fires. */
    private long idleTimerFireNanos;
    /** Checks {@code timeout server} of the current exchange; null when none is pending. */
    private ScheduledFuture<?> serverTimer;
    private long bytesSinceLastRequest;
    /** Since when no exchange has run on this connection (its start, or the end of the last response). */
    private long quietSinceNanos;
    private boolean firstRequest = true;
    private boolean closing;
    /**
     * Between a read of the client's bytes and its end ({@link #channelReadComplete}, which flushes
     * to the server): what is written to a server meanwhile waits for the rest of the read, so that
     * a body part found invalid in the same read can still withdraw the request (closing a channel
     * drops its unflushed writes).
     */
    private boolean readingClient;

    private HttpSession(Frontend frontend, ProxyContext context) {
        this.frontend = frontend;
        this.backend = frontend.defaultBackend();
        this.context = context;
    }

    /** Sets up an accepted client channel of an HTTP frontend. */
    public static void install(Channel ch, Frontend frontend, ProxyContext context) {
        HttpSession session = new HttpSession(frontend, context);
        ch.pipeline().addLast(new ByteCounter(session), session.decoder, session.encoder, session);
    }

    /** The decoder of a client connection, with the balancer's limits and rules on a request head. */
    public static HttpRequestDecoder newRequestDecoder() {
        return new ClientRequestDecoder(REQUEST_LIMITS);
    }

    // ---- client side ---------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        clientAddress = (InetSocketAddress) client.remoteAddress();
        quietSinceNanos = System.nanoTime();
        armIdleTimer();
        client.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readingClient = true;
        if (!(msg instanceof HttpObject http) || closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange ex = exchange;
        if (ex == null && pending.isEmpty() && http instanceof HttpRequest request) {
            startExchange(request);
        } else if (ex != null && ex.serverChannel != null && !ex.requestComplete && pending.isEmpty()
                && http instanceof HttpContent content) {
            forwardRequestPart(ex, content);
        } else {
            pending.add(http);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readingClient = false;
        Exchange ex = exchange;
        if (ex != null && ex.serverChannel != null) {
            ex.serverChannel.flush();
        }
        readClientIfWanted();
    }

    /** Reads the client again if the current state wants more of its bytes. */
    private void readClientIfWanted() {
        if (closing || !client.isActive()) {
            return;
        }
        Exchange ex = exchange;
        if (ex == null) {
            if (pending.isEmpty()) {
                client.read();
            }
        } else if (!ex.requestComplete && ex.serverChannel != null && ex.serverChannel.isWritable()
                && pending.isEmpty()) {
            client.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null && ctx.channel().isWritable() && ex.serverChannel != null && !ex.responseComplete) {
            ex.serverChannel.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimers();
        releasePending();
        Exchange ex = exchange;
        if (ex != null) {
            ex.termination = ex.responseStarted ? "CD--" : "CR--";
            frontend.counters().clientAbort();
            abortServerSide(ex);
            finishExchange(ex);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection error: {}", cause.toString());
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == GracefulStop.INSTANCE) {
            // A request in progress needs nothing here: its response says Connection: close (see
            // startResponse) unless another request has begun, and the connection closes after it.
            closeWhenQuiet();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void bytesFromClient(int n) {
        bytesSinceLastRequest += n;
        frontend.counters().bytesIn(n);
        Exchange ex = exchange;
        if (ex != null && ex.server != null) {
            backend.counters().bytesIn(n);
            ex.server.counters().bytesIn(n);
        } else if (ex != null) {
            ex.bytesInBeforeServer += n;
        }
    }

    @Override
    public void bytesToClient(int n) {
        frontend.counters().bytesOut(n);
        Exchange ex = exchange;
        if (ex != null) {
            ex.bytesToClient += n;
            if (ex.server != null) {
                backend.counters().bytesOut(n);
                ex.server.counters().bytesOut(n);
            }
        }
    }

    private void startExchange(HttpRequest request) {
        cancelIdleTimer();
        firstRequest = false;
        Exchange ex = new Exchange(request);
        // The request head was read (and counted for the frontend) before the exchange existed.
        ex.bytesInBeforeServer = bytesSinceLastRequest;
        bytesSinceLastRequest = 0;
        exchange = ex;
        // HAProxy's stream of a request exists from its complete head: show sess lists it from here.
        LiveStreams.current().add(ex);
        frontend.counters().requestReceived();
        // HAProxy logs the default format's line for each request head it could read, none for a malformed one.
        if (context.accessLog() != null && !request.decoderResult().isFailure()) {
            context.accessLog().started(frontend, client);
        }
        int refusal = request.decoderResult().isFailure() ? 400 : TransferCodings.refusal(request.headers());
        if (refusal != TransferCodings.ACCEPTABLE) {
            frontend.counters().requestError();
            ex.termination = "PR--";
            ReferenceCountUtil.release(request);
            answerLocally(ex, refusal);
            return;
        }
        if (backend == null) {
            ex.termination = "SC--";
            answerLocally(ex, 503);
            return;
        }
        backend.counters().requestReceived();
        backend.counters().sessionStarted();
        ex.expectContinue = HttpUtil.is100ContinueExpected(request);
        HeaderRewrite.forServer(request, forwardedFor());
        ex.connections = ConnectionPolicy.of(frontend.config(), backend.config());
        ex.connections.announceToServer(request);
        // Assigned before starting: a pooled connection or an empty backend answers synchronously.
        ex.dispatch = new ServerDispatchAdapter(ex, true);
        ex.dispatch.start();
    }

    private String forwardedFor() {
        if (frontend.config().forwardFor() || backend.config().forwardFor()) {
            return clientAddress.getAddress().getHostAddress();
        }
        return null;
    }

    /** Sends a part of the request body to the server; false when it was refused, which ended the exchange. */
    private boolean forwardRequestPart(Exchange ex, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(content);
            refuseRequestBody(ex);
            return false;
        }
        int size = content.content().readableBytes();
        ex.requestBodyBytes += size;
        ex.lastServerActivityNanos = System.nanoTime();
        if (content instanceof LastHttpContent) {
            ex.requestComplete = true;
        }
        ex.serverChannel.write(content, ex.serverChannel.voidPromise());
        return true;
    }

    /**
     * The request's body cannot be framed (an invalid chunk size, say): it must not reach the server
     * as a shorter, complete request. The server connection is closed with what it was sent of it,
     * and the client gets a 400 if no response started, else the connection is cut.
     */
    private void refuseRequestBody(Exchange ex) {
        frontend.counters().requestError();
        ex.termination = "PR--";
        if (!ex.responseStarted) {
            answerLocally(ex, 400);
            return;
        }
        abortServerSide(ex);
        closing = true;
        releasePending();
        client.close();
        finishExchange(ex);
    }

    /** Sends what was read while no server connection existed, up to the end of the current request. */
    private void forwardPendingRequestParts(Exchange ex) {
        HttpObject next;
        while (!ex.requestComplete && (next = pending.peek()) instanceof HttpContent content) {
            pending.poll();
            if (!forwardRequestPart(ex, content)) {
                return;
            }
        }
        if (!readingClient) {
            ex.serverChannel.flush();
        }
    }

    // ---- server side ---------------------------------------------------------------------------

    private void serverConnected(Exchange ex, Server server, Channel ch, boolean reused, long connectNanos) {
        if (exchange != ex || !client.isActive()) {
            server.releaseSlot();
            ch.close();
            return;
        }
        if (ex.server == null) {
            ex.server = server;
            server.counters().sessionStarted();
            server.counters().requestReceived();
            // What the client sent before a server was chosen counts for it and its backend too.
            backend.counters().bytesIn(ex.bytesInBeforeServer);
            server.counters().bytesIn(ex.bytesInBeforeServer);
            ex.bytesInBeforeServer = 0;
        }
        ex.serverChannel = ch;
        ex.reused = reused;
        ex.connectNanos = connectNanos;
        ServerSideHandler handler = ch.pipeline().get(ServerSideHandler.class);
        handler.attach(this);
        ex.serverHandler = handler;
        ex.lastServerActivityNanos = System.nanoTime();
        armServerTimeout(ex);
        if (ex.expectContinue && !ex.continueSent) {
            ex.continueSent = true;
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        ch.write(ex.request, ch.voidPromise());
        if (ex.pendingLastContentReplay) {
            ex.pendingLastContentReplay = false;
            forwardRequestPart(ex, LastHttpContent.EMPTY_LAST_CONTENT);
        }
        forwardPendingRequestParts(ex);
        ch.read();
        readClientIfWanted();
    }

    void serverMessage(Channel ch, HttpObject msg) {
        Exchange ex = exchange;
        if (ex == null || ch != ex.serverChannel) {
            ReferenceCountUtil.release(msg);
            ch.close();
            return;
        }
        ex.lastServerActivityNanos = System.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                badServerResponse(ex);
                return;
            }
            if (response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                // The client's Expect was answered here; any other interim response is not forwarded.
                ex.skippingInterim = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            startResponse(ex, response);
            if (msg instanceof LastHttpContent) {
                client.write(response, client.voidPromise());
                completeResponse(ex);
            } else {
                // Held until its first body part decodes, or the end of this read: a body that does
                // not (an invalid chunk size) then still gets the client a 502, as with HAProxy.
                ex.heldResponseHead = response;
            }
            return;
        }
        if (ex.skippingInterim) {
            if (msg instanceof LastHttpContent) {
                ex.skippingInterim = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            badServerResponse(ex);
            return;
        }
        writeHeldResponseHead(ex);
        client.write(msg, client.voidPromise());
        if (msg instanceof LastHttpContent) {
            completeResponse(ex);
        }
    }

    private void startResponse(Exchange ex, HttpResponse response) {
        ex.responseStarted = true;
        ex.status = response.status().code();
        ex.responseHeadersNanos = System.nanoTime();
        boolean serverKeepAlive = HttpUtil.isKeepAlive(response);
        boolean selfDelimited = ex.head || HttpUtil.isContentLengthSet(response)
                || HttpUtil.isTransferEncodingChunked(response) || ex.status == 204 || ex.status == 304;
        ex.serverReusable = serverKeepAlive && selfDelimited && !ex.connections.closeServer();
        HeaderRewrite.removeHopByHop(response.headers());
        if (!selfDelimited || !ex.clientKeepAlive || ex.connections.closeClient()
                || (context.stopping() && !nextRequestBegun(ex))) {
            ex.closeClientAfter = true;
        }
        if (ex.closeClientAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
        } else if (ex.request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        }
        encoder.answeringHead(ex.head);
    }

    private void writeHeldResponseHead(Exchange ex) {
        if (ex.heldResponseHead != null) {
            client.write(ex.heldResponseHead, client.voidPromise());
            ex.heldResponseHead = null;
        }
    }

    void serverReadComplete(Channel ch) {
        Exchange ex = exchange;
        if (ex != null && ch == ex.serverChannel) {
            writeHeldResponseHead(ex);
        }
        client.flush();
        if (ex != null && ch == ex.serverChannel && !ex.responseComplete && client.isWritable()) {
            ch.read();
        }
    }

    void serverWritable() {
        Exchange ex = exchange;
        if (ex != null && !ex.requestComplete && pending.isEmpty()) {
            client.read();
        }
    }

    void serverClosed(Channel ch) {
        Exchange ex = exchange;
        if (ex == null || ch != ex.serverChannel || ex.responseComplete) {
            return;
        }
        ex.serverHandler.detach();
        ex.serverChannel = null;
        if (!ex.responseStarted && ex.reused && ex.requestBodyBytes == 0 && ex.staleReplays < MAX_STALE_REPLAYS
                && (ex.requestComplete || pending.isEmpty())) {
            // A kept-alive connection the server had just closed (or a server that died): the
            // request got no answer, and having no body it can be sent again. It goes through the
            // backend once more, on a new connection, with the usual retries and redispatch.
            ex.staleReplays++;
            ex.pendingLastContentReplay = ex.requestComplete;
            ex.requestComplete = false;
            ex.server.counters().sessionEnded();
            ex.server.releaseSlot();
            ex.server = null;
            ex.dispatch = new ServerDispatchAdapter(ex, false);
            ex.dispatch.start();
            return;
        }
        ex.server.counters().serverAbort();
        if (!ex.responseStarted) {
            ex.server.counters().responseError();
            backend.counters().responseError();
            ex.termination = "SH--";
            answerLocally(ex, 502);
        } else {
            ex.termination = "SD--";
            closing = true;
            client.close();
        }
    }

    void serverError(Channel ch, Throwable cause) {
        log.debug("server connection error: {}", cause.toString());
    }

    private void badServerResponse(Exchange ex) {
        ex.server.counters().responseError();
        backend.counters().responseError();
        ex.termination = "PH--";
        abortServerSide(ex);
        if (!ex.responseStarted || ex.heldResponseHead != null) {
            ex.heldResponseHead = null;
            answerLocally(ex, 502);
        } else {
            closing = true;
            client.close();
        }
    }

    private void completeResponse(Exchange ex) {
        ex.responseComplete = true;
        Channel sc = ex.serverChannel;
        if (sc != null) {
            ex.serverHandler.detach();
            if (ex.requestComplete && ex.serverReusable && sc.isActive()) {
                if (ServerConnectionPool.current().offer(ex.server, sc)) {
                    sc.read(); // notice the server closing it while idle
                }
            } else {
                sc.close();
            }
            ex.serverChannel = null;
        }
        if (!ex.requestComplete) {
            // The server answered before the request body ended: the rest of it cannot be skipped safely.
            ex.closeClientAfter = true;
        }
        // Counted before the last bytes are flushed: whoever has the whole response sees it counted.
        finishExchange(ex);
        if (ex.closeClientAfter) {
            closing = true;
            client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        client.flush();
        quietSinceNanos = System.nanoTime();
        HttpObject next = pending.poll();
        if (next instanceof HttpRequest request) {
            startExchange(request);
        } else {
            if (next != null) {
                ReferenceCountUtil.release(next); // body parts of nothing: cannot happen with a sane decoder
            }
            armIdleTimer();
            readClientIfWanted();
            if (context.stopping()) {
                // The stop came after this response's head had left without Connection: close.
                closeWhenQuiet();
            }
        }
    }

    /**
     * Whether the client has begun its next request while {@code ex} is answered: a pipelined one
     * decoded and waiting, or bytes of one. On a graceful stop such a request is answered too, so
     * the current response must not announce the close.
     */
    private boolean nextRequestBegun(Exchange ex) {
        return ex.requestComplete && (!pending.isEmpty() || decoder.requestBegun());
    }

    /**
     * Graceful stop of a connection between requests: closed once it has been quiet for
     * {@link #STOP_QUIET_NANOS}, at once if it already has. A request that begins meanwhile is
     * answered, and the connection closes after its response instead.
     *
     * <p>What is guaranteed: every request of which a byte was read is answered. The kernel may
     * still hold bytes that arrived after the last read, when the close happens: the client then
     * gets a reset. The quiet period makes that a client that waited {@code STOP_QUIET_NANOS} and
     * wrote in the same microseconds as the close, the race any server has with a keep-alive timeout.
     */
    private void closeWhenQuiet() {
        if (closing || !client.isActive() || exchange != null || !pending.isEmpty() || decoder.requestBegun()) {
            return;
        }
        long quiet = System.nanoTime() - quietSinceNanos;
        if (quiet < STOP_QUIET_NANOS) {
            client.eventLoop().schedule(this::closeWhenQuiet, STOP_QUIET_NANOS - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        closing = true;
        client.close();
    }

    private void abortServerSide(Exchange ex) {
        Channel sc = ex.serverChannel;
        if (sc != null) {
            ex.serverHandler.detach();
            ex.serverChannel = null;
            sc.close();
        }
    }

    /** Answers with a built-in page and closes the connection after it. */
    private void answerLocally(Exchange ex, int status) {
        abortServerSide(ex);
        ex.status = status;
        ex.responseStarted = true;
        ex.responseComplete = true;
        encoder.answeringHead(ex.head);
        closing = true;
        releasePending();
        finishExchange(ex);
        client.writeAndFlush(ErrorPages.response(status)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * {@code shutdown sessions server}: as HAProxy, a response not started yet becomes the 502
     * page ({@code KH}), one under way is cut ({@code KD}); the connection closes either way.
     */
    private void kill(Exchange ex) {
        if (exchange != ex || ex.finished) {
            return;
        }
        if (!ex.responseStarted || ex.heldResponseHead != null) {
            ex.heldResponseHead = null;
            ex.termination = "KH--";
            answerLocally(ex, 502);
            return;
        }
        ex.termination = "KD--";
        abortServerSide(ex);
        closing = true;
        releasePending();
        client.close();
        finishExchange(ex);
    }

    /** {@code show sess}: the exchange as it is now (called on this loop). */
    private StreamSnapshot snapshot(Exchange ex) {
        long now = System.nanoTime();
        StreamSnapshot.ServerSide server = null;
        long responseRead = -1;
        if (ex.server != null) {
            Channel sc = ex.serverChannel;
            server = new StreamSnapshot.ServerSide(ex.server.name(), ex.server.id(),
                    sc == null ? null : StreamSides.address(sc), sc == null ? null : StreamSides.local(sc));
            if (ex.serverTimeoutNanos > 0 && !ex.responseComplete) {
                responseRead = ex.serverTimeoutNanos - (now - ex.lastServerActivityNanos);
            }
        }
        var listener = StreamSides.listener(frontend.binds(), client);
        return new StreamSnapshot(ex.id, ex.rank, ex.epoch, ex.startMillis, now - ex.startNanos, StreamSnapshot.Kind.HTTP,
                StreamSides.client(client), new StreamSnapshot.Proxy(frontend.name(), frontend.config().mode()),
                listener.id(), listener.address(),
                backend == null ? null : new StreamSnapshot.Proxy(backend.name(), backend.config().mode()),
                server, ex.server != null || backend == null ? new StreamSnapshot.Timers(-1, responseRead, responseRead, -1)
                        : StreamSnapshot.Timers.queued(-1, queueLeft(now - ex.startNanos)),
                // HAProxy's count of the head (its internal form), then of the body as it went
                StreamSides.requestHeadTotal(ex.request) + ex.requestBodyBytes, ex.bytesToClient,
                new StreamSnapshot.HttpTransaction(StreamSides.methodNumber(ex.request.method().name()),
                        ex.status == 0 ? -1 : ex.status, ex.requestComplete, ex.responseStarted, ex.responseComplete));
    }

    /** What is left of {@code timeout queue} (else {@code timeout connect}) after waiting {@code waitedNanos}. */
    private long queueLeft(long waitedNanos) {
        var t = backend.config().timeouts();
        Duration d = t.queue() != null ? t.queue() : t.connect();
        return d == null ? -1 : Math.max(0, d.toNanos() - waitedNanos);
    }

    private void releasePending() {
        HttpObject o;
        while ((o = pending.poll()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    /** Counts, logs and releases what the exchange held; runs exactly once per exchange. */
    private void finishExchange(Exchange ex) {
        if (ex.finished) {
            return;
        }
        ex.finished = true;
        if (exchange == ex) {
            exchange = null;
        }
        if (ex.status > 0) {
            frontend.counters().response(ex.status);
            if (backend != null && ex.dispatch != null) {
                backend.counters().response(ex.status);
            }
        }
        LiveStreams.current().remove(ex);
        if (ex.server != null) {
            ex.server.counters().sessionEnded();
            if (ex.status > 0 && ex.responseStarted && ex.termination.equals("----")) {
                ex.server.counters().response(ex.status);
            }
            ex.server.releaseSlot();
        }
        if (ex.dispatch != null) {
            backend.counters().sessionEnded();
        }
        if (context.accessLog() != null && AccessLog.logsAtEnd(frontend)) {
            logExchange(ex);
        }
    }

    private void logExchange(Exchange ex) {
        InetSocketAddress remote = clientAddress;
        long now = System.nanoTime();
        long tw = ex.queueNanos < 0 ? -1 : ex.queueNanos / 1_000_000;
        long tc = ex.connectNanos < 0 ? -1 : ex.connectNanos / 1_000_000;
        long tr = ex.responseHeadersNanos == 0 || ex.status == 0 || ex.server == null ? -1
                : (ex.responseHeadersNanos - ex.startNanos) / 1_000_000;
        AccessLog.HttpEntry entry = new AccessLog.HttpEntry(remote.getAddress().getHostAddress(), remote.getPort(), ex.startMillis,
                frontend.name(), backend == null ? frontend.name() : backend.name(),
                ex.server == null ? "<NOSRV>" : ex.server.name(), 0, tw, tc, tr, (now - ex.startNanos) / 1_000_000,
                ex.status == 0 ? -1 : ex.status, ex.bytesToClient, ex.termination, context.activeConnections().get(),
                frontend.counters().current(), backend == null ? 0 : backend.counters().current(),
                ex.server == null ? 0 : ex.server.counters().current(),
                ex.dispatch == null ? 0 : ex.dispatch.retries(), ex.requestLine());
        if (frontend.config().accessLogFormat() == AccessLogFormat.TCP) {
            context.accessLog().tcp(entry);
        } else {
            context.accessLog().http(entry);
        }
    }

    // ---- timers --------------------------------------------------------------------------------

    /**
     * While waiting for a request: {@code timeout http-request} for the first one, then
     * {@code timeout http-keep-alive} between requests (each falling back to {@code timeout client}).
     * A connection that sent nothing is closed silently; one that sent part of a request gets a 408.
     */
    private void armIdleTimer() {
        var t = frontend.config().timeouts();
        Duration d = firstRequest ? t.httpRequest() : (t.httpKeepAlive() != null ? t.httpKeepAlive() : t.httpRequest());
        if (d == null) {
            d = t.client();
        }
        if (d == null) {
            idleDeadlineNanos = 0;
            return;
        }
        idleDeadlineNanos = System.nanoTime() + d.toNanos();
        // A pending timer due later than the new deadline (a shorter keep-alive timeout than the
        // first request's) is replaced; one due earlier simply re-arms itself when it fires.
        if (idleTimer != null && idleTimerFireNanos - idleDeadlineNanos > 0) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
        if (idleTimer == null) {
            scheduleIdleCheck(d.toNanos());
        }
    }

    private void scheduleIdleCheck(long delayNanos) {
        idleTimerFireNanos = System.nanoTime() + delayNanos;
        idleTimer = client.eventLoop().schedule(this::idleTimeout, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** A request started: the idle deadline no longer applies (its timer, if pending, will find out). */
    private void cancelIdleTimer() {
        idleDeadlineNanos = 0;
    }

    private void cancelTimers() {
        idleDeadlineNanos = 0;
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
        if (serverTimer != null) {
            serverTimer.cancel(false);
            serverTimer = null;
        }
    }

    private void idleTimeout() {
        idleTimer = null;
        if (idleDeadlineNanos == 0 || exchange != null || !client.isActive()) {
            return;
        }
        long early = idleDeadlineNanos - System.nanoTime();
        if (early > 0) {
            scheduleIdleCheck(early);
            return;
        }
        closing = true;
        if (bytesSinceLastRequest > 0) {
            frontend.counters().requestError();
            frontend.counters().response(408);
            client.writeAndFlush(ErrorPages.response(408)).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.close();
        }
    }

    /** {@code timeout server}: inactivity on the server side; a 504 if the response has not started. */
    private void armServerTimeout(Exchange ex) {
        Duration d = backend.config().timeouts().server();
        if (d == null) {
            return;
        }
        ex.serverTimeoutNanos = d.toNanos();
        if (serverTimer == null) {
            scheduleServerCheck(ex.serverTimeoutNanos);
        }
    }

    private void scheduleServerCheck(long delayNanos) {
        serverTimer = client.eventLoop().schedule(this::checkServerTimeout, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The pending check may have been armed by an earlier exchange of this connection: it judges the
     * current one, by its own last server activity, and re-arms itself for what is left.
     */
    private void checkServerTimeout() {
        serverTimer = null;
        Exchange ex = exchange;
        if (ex == null || ex.serverTimeoutNanos == 0 || ex.responseComplete) {
            return;
        }
        long limit = ex.serverTimeoutNanos;
        long now = System.nanoTime();
        if (!client.isWritable()) {
            // The client is not reading: the server is not the side being waited for, and reads
            // from it are paused on purpose. Only the client's own timeout applies then.
            ex.lastServerActivityNanos = now;
            if (ex.clientBlockedSinceNanos == 0) {
                ex.clientBlockedSinceNanos = now;
            } else if (clientTimeoutNanos() > 0 && now - ex.clientBlockedSinceNanos >= clientTimeoutNanos()) {
                ex.termination = "cD--";
                frontend.counters().clientAbort();
                abortServerSide(ex);
                closing = true;
                client.close();
                finishExchange(ex);
                return;
            }
        } else {
            ex.clientBlockedSinceNanos = 0;
        }
        long idle = now - ex.lastServerActivityNanos;
        if (idle < limit) {
            scheduleServerCheck(limit - idle);
            return;
        }
        if (ex.server != null) {
            ex.server.counters().serverAbort();
        }
        if (!ex.responseStarted) {
            ex.termination = "sH--";
            answerLocally(ex, 504);
        } else {
            ex.termination = "sD--";
            abortServerSide(ex);
            closing = true;
            client.close();
            finishExchange(ex);
        }
    }

    // ---- per-request state ---------------------------------------------------------------------

    /** One request and its response. Lives on the client's event loop only. */
    private final class Exchange implements LiveStream {
        final long id = LiveStreams.current().nextId();
        final long rank = context.streamNumbers().nextRank();
        final long epoch = context.streamNumbers().epoch();
        final HttpRequest request;
        final boolean head;
        final boolean clientKeepAlive;
        final long startNanos = System.nanoTime();
        final long startMillis = System.currentTimeMillis();
        ServerDispatchAdapter dispatch;
        Server server;
        Channel serverChannel;
        ServerSideHandler serverHandler;
        boolean reused;
        boolean expectContinue;
        boolean continueSent;
        boolean requestComplete;
        long requestBodyBytes;
        boolean responseStarted;
        /** A response head not written to the client yet (see {@link #serverMessage}). */
        HttpResponse heldResponseHead;
        boolean responseComplete;
        boolean skippingInterim;
        boolean serverReusable;
        boolean closeClientAfter;
        /** {@code option httpclose|http-server-close} of the frontend and backend. */
        ConnectionPolicy connections = ConnectionPolicy.KEEP_ALIVE;
        int staleReplays;
        boolean pendingLastContentReplay;
        boolean finished;
        int status;
        long bytesToClient;
        long bytesInBeforeServer;
        long queueNanos = -1;
        long connectNanos = -1;
        long responseHeadersNanos;
        long lastServerActivityNanos;
        long clientBlockedSinceNanos;
        /** {@code timeout server} once a server is connected; 0 = not armed. */
        long serverTimeoutNanos;
        String termination = "----";

        /** Built only for the access log: most exchanges of a busy balancer are not logged. */
        String requestLine() {
            return request.method() + " " + request.uri() + " " + request.protocolVersion();
        }

        Exchange(HttpRequest request) {
            this.request = request;
            this.head = request.method().equals(HttpMethod.HEAD);
            this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public Server server() {
            return server;
        }

        @Override
        public void kill() {
            HttpSession.this.kill(this);
        }

        @Override
        public StreamSnapshot snapshot() {
            return HttpSession.this.snapshot(this);
        }
    }

    /** Connects the exchange to a server through the backend (queue, retries, redispatch). */
    private final class ServerDispatchAdapter implements ServerDispatch.Outcome {
        private final Exchange ex;
        private final boolean reuseIdleConnections;
        private ServerDispatch dispatch;

        ServerDispatchAdapter(Exchange ex, boolean reuseIdleConnections) {
            this.ex = ex;
            this.reuseIdleConnections = reuseIdleConnections;
        }

        void start() {
            dispatch = ServerDispatch.start(backend, client.eventLoop(), context,
                    clientAddress.getAddress(), HttpSession::serverPipelineFor,
                    reuseIdleConnections ? server -> ServerConnectionPool.current().take(server, poolIdleNanos()) : null,
                    this);
        }

        int retries() {
            return dispatch == null ? 0 : dispatch.retries();
        }

        @Override
        public void connected(Server server, Channel channel, boolean reused, long queueNanos, long connectNanos) {
            ex.queueNanos = queueNanos;
            serverConnected(ex, server, channel, reused, connectNanos);
        }

        @Override
        public void failed(ServerGrant.Rejection reason, Server lastTried, long queueNanos) {
            ex.queueNanos = queueNanos;
            if (exchange != ex) {
                return;
            }
            ex.termination = reason == ServerGrant.Rejection.QUEUE_TIMEOUT ? "sQ--" : "SC--";
            answerLocally(ex, 503);
        }
    }

    private long clientTimeoutNanos() {
        Duration d = frontend.config().timeouts().client();
        return d == null ? 0 : d.toNanos();
    }

    private long poolIdleNanos() {
        Duration d = backend.config().timeouts().server();
        return d == null ? DEFAULT_POOL_IDLE_NANOS : Math.min(d.toNanos(), DEFAULT_POOL_IDLE_NANOS);
    }

    /** Closes the calling loop's idle kept-alive connections to {@code server} ({@code shutdown sessions server}). */
    public static void closeIdleServerConnections(Server server) {
        ServerConnectionPool.current().closeIdle(server);
    }

    /** The pipeline of a new server connection: the HTTP client codec, then this package's handler. */
    static ChannelInitializer<Channel> serverPipelineFor(Server server) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(RESPONSE_LIMITS, false, false), new ServerSideHandler(server));
            }
        };
    }
}
