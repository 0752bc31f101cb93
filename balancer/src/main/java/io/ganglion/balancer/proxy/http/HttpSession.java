package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.config.HttpConnectionMode;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.BoundListener;
import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.proxy.GracefulStop;
import io.ganglion.balancer.proxy.LoopClock;
import io.ganglion.balancer.proxy.ProxyContext;
import io.ganglion.balancer.proxy.ServerDispatch;
import io.ganglion.balancer.proxy.ServerGrant;
import io.ganglion.balancer.proxy.SessionAdmission;
import io.ganglion.balancer.proxy.TurnEndFlush;
import io.ganglion.balancer.proxy.stream.DeferredAnswer;
import io.ganglion.balancer.proxy.stream.FrontendPhases;
import io.ganglion.balancer.proxy.stream.HeaderCaptures;
import io.ganglion.balancer.proxy.stream.LocalAnswer;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.UniqueId;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.session.LiveStreams;
import io.ganglion.balancer.session.ParseStop;
import io.ganglion.balancer.session.StreamSides;
import io.ganglion.balancer.session.StreamSnapshot;
import io.ganglion.balancer.stats.H1Counters;
import io.ganglion.balancer.stats.TrafficCounters;
import io.ganglion.balancer.stick.StickCounter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection in {@code mode http}: requests are read one at a time, each becomes an
 * {@link HttpTransaction} (its {@link Stream}) that runs the frontend's phases, chooses its backend,
 * is sent to a server (a reused keep-alive connection when the loop has one) or answered locally,
 * and its response is streamed back before the next request is looked at. So one connection may
 * use several backends. Bodies are streamed both ways, never held whole: a side is read only while
 * the other side's outbound buffer is below its high-water mark (both channels have AUTO_READ off).
 *
 * <p>Threading: the client channel, every server connection it uses and the pool live on one
 * event loop, so no field here is shared with another thread.
 */
public final class HttpSession extends ChannelInboundHandlerAdapter implements Stream.Owner {
    private static final Logger log = LoggerFactory.getLogger(HttpSession.class);
    private static final long DEFAULT_POOL_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
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
            .setMaxChunkSize(64 * 1024)
            .setHeadersFactory(CompactHeaders.HEADERS)
            .setTrailersFactory(CompactHeaders.TRAILERS);
    private static final HttpDecoderConfig RESPONSE_LIMITS = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024)
            .setMaxHeaderSize(32 * 1024)
            .setMaxChunkSize(64 * 1024)
            .setHeadersFactory(CompactHeaders.HEADERS)
            .setTrailersFactory(CompactHeaders.TRAILERS);

    private final Frontend frontend;
    private final ProxyContext context;
    private final SessionAdmission admission;
    /** The codec counts the wire's bytes (h1_bytes_in/out, whether a request has begun) as they cross it. */
    private final ProxyResponseEncoder encoder = new ProxyResponseEncoder(this::bytesToClient);
    private final ClientRequestDecoder decoder = new ClientRequestDecoder(CompactHeaders.perConnection(REQUEST_LIMITS),
            this::requestRefused, this::bytesFromClient);
    /** Messages read from the client that cannot be forwarded yet (no server connection, or a pipelined request). */
    private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
    private Channel client;
    /** The client's address, read once: every request needs it (source balancing, logs). */
    private InetSocketAddress clientAddress;
    private HttpTransaction tx;
    private ClientIdleTimer idleTimer;
    private ServerRelay relay;
    private long bytesSinceLastRequest;
    /** Since when no transaction has run on this connection (its start, or the end of the last response). */
    private long quietSinceNanos;
    private boolean firstRequest = true;
    private boolean closing;
    /** What {@code tcp-request connection track-sc*} tracked for this connection, or null. */
    private StickCounter[] sessionCounters;
    /**
     * The rest of a request answered locally before its body ended is read and dropped, so that the
     * connection can carry the next request.
     */
    private boolean discardingBody;
    /**
     * Between a read of the client's bytes and its end ({@link #channelReadComplete}, which flushes
     * to the server): what is written to a server meanwhile waits for the rest of the read, so that
     * a body part found invalid in the same read can still withdraw the request (closing a channel
     * drops its unflushed writes).
     */
    private boolean readingClient;
    /**
     * Whether the frontend's h1 counters count a stream open on this connection: HAProxy's H1
     * stream exists from a request's first byte (or its decoded head, for a pipelined one) to its end.
     */
    private boolean h1StreamOpen;
    /** The accepting listener's own counters ({@code option socket-stats}), or null. */
    private TrafficCounters listenerCounters;
    /** The body read for a {@link DeferredAnswer} (the stats page's form), or null when none is awaited. */
    private DeferredBody deferredBody;

    private HttpSession(Frontend frontend, ProxyContext context, SessionAdmission admission) {
        this.frontend = frontend;
        this.context = context;
        this.admission = admission;
    }

    /** Sets up an accepted client channel of an HTTP frontend; {@code admission} hears its connection rules. */
    public static void install(Channel ch, Frontend frontend, ProxyContext context, SessionAdmission admission) {
        HttpSession session = new HttpSession(frontend, context, admission);
        // The decoder and the encoder count the wire bytes, before decoding and after encoding: the
        // h1 counters' (show stat's h1_bytes_in/out), and whether a request has begun. bin/bout
        // count messages as HAProxy does: countRequestBytes.
        ch.pipeline().addLast(new TurnEndFlush(), session.decoder, session.encoder, session);
        if (!frontend.phases().connectionAccepted().isEmpty()) {
            ch.pipeline().addBefore(ch.pipeline().context(session).name(), null, session.new SessionCountersRelease());
        }
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
        idleTimer = new ClientIdleTimer(client, this::idleTimeout);
        relay = new ServerRelay(this, client, encoder, context);
        quietSinceNanos = LoopClock.nanoTime();
        frontend.h1Counters().connectionOpened();
        listenerCounters = BoundListener.countersOf(client);
        FrontendPhases phases = frontend.phases();
        boolean judged = !phases.connectionAccepted().isEmpty();
        if (judged) {
            Stream connection = new Stream(frontend, clientAddress, this, context.streamNumbers());
            Verdict v = phases.connectionAccepted().run(connection, client);
            // what tcp-request connection tracked is the session's: every request's stream starts with it
            sessionCounters = connection.trackedCountersOrNull();
            if (v == Verdict.ANSWERED) {
                // tcp-request connection reject: closed without a word, before any byte is read; no session
                admission.refused(frontend, client);
                closing = true;
                client.close();
                return;
            }
            connection.countSession(); // a session, once the connection rules accept the connection
        }
        admission.accepted(frontend, client, judged);
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
        if (discardingBody && pending.isEmpty() && http instanceof HttpContent content) {
            discardBodyPart(content);
            return;
        }
        if (deferredBody != null && pending.isEmpty() && http instanceof HttpContent content) {
            deferredBodyPart(content);
            return;
        }
        HttpTransaction t = tx;
        if (t == null && pending.isEmpty() && http instanceof HttpRequest request) {
            startTransaction(request);
        } else if (t != null && t.serverChannel != null && !t.requestComplete && pending.isEmpty()
                && http instanceof HttpContent content) {
            forwardRequestPart(t, content);
        } else {
            pending.add(http);
        }
    }

    /** Drops a part of a body answered locally; one that cannot be framed ends the connection. */
    private void discardBodyPart(HttpContent content) {
        boolean invalid = content.decoderResult().isFailure();
        if (content instanceof LastHttpContent || invalid) {
            discardingBody = false;
        }
        ReferenceCountUtil.release(content);
        if (invalid) {
            closing = true;
            releasePending();
            client.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readingClient = false;
        HttpTransaction t = tx;
        if (t != null && t.serverChannel != null) {
            t.serverChannel.flush();
        }
        readClientIfWanted();
    }

    /** Reads the client again if the current state wants more of its bytes. */
    void readClientIfWanted() {
        if (closing || !client.isActive()) {
            return;
        }
        HttpTransaction t = tx;
        if (t == null) {
            if (pending.isEmpty()) {
                client.read();
            }
        } else if (deferredBody != null && deferredBody.reading()) {
            client.read();
        } else if (!t.requestComplete && t.serverChannel != null && t.serverChannel.isWritable()
                && pending.isEmpty()) {
            client.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        HttpTransaction t = tx;
        if (t != null && ctx.channel().isWritable() && t.serverChannel != null && !t.responseComplete) {
            // The server is waited for again from now, as HAProxy arms its read timeout when it
            // reads again: the server check must not count the time the client kept reads paused.
            t.lastServerActivityNanos = LoopClock.nanoTime();
            t.serverChannel.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimers();
        deferredBody = null;
        releasePending();
        HttpTransaction t = tx;
        if (t != null) {
            t.stream.terminate(t.responseStarted ? "CD--" : "CR--");
            frontend.counters().clientAbort();
            relay.abort(t);
            finishTransaction(t);
        }
        h1StreamEnded();
        frontend.h1Counters().connectionClosed();
        releaseSessionCounters();
    }

    /**
     * Lets the connection's tracked entries go as the balancer closes it, before its client can see
     * the close: HAProxy releases them first, so the client's next connection finds {@code conn_cur}
     * already down. Only on frontends with connection rules (the others have nothing to release).
     */
    private final class SessionCountersRelease extends io.netty.channel.ChannelOutboundHandlerAdapter {
        @Override
        public void close(ChannelHandlerContext ctx, io.netty.channel.ChannelPromise promise) {
            releaseSessionCounters();
            ctx.close(promise);
        }
    }

    /** The connection's tracked entries let go once it closes ({@code conn_cur} down, expiry from now). */
    private void releaseSessionCounters() {
        StickCounter[] held = sessionCounters;
        sessionCounters = null;
        if (held != null) {
            for (StickCounter c : held) {
                if (c != null) {
                    c.release();
                }
            }
        }
    }

    /** A request refused as invalid ({@code ereq}), of the frontend and of its listener's row. */
    private void countRequestError() {
        frontend.counters().requestError();
        if (listenerCounters != null) {
            listenerCounters.requestError();
        }
    }

    /** A request begins (its first byte, or its head): counted once, until {@link #h1StreamEnded}. */
    private void h1StreamBegun() {
        if (!h1StreamOpen) {
            h1StreamOpen = true;
            frontend.h1Counters().streamOpened();
        }
    }

    private void h1StreamEnded() {
        if (h1StreamOpen) {
            h1StreamOpen = false;
            frontend.h1Counters().streamClosed();
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
            // ServerRelay.startResponse) unless another request has begun, and the connection closes after it.
            closeWhenQuiet();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** {@code n} bytes read from the client, before decoding. */
    void bytesFromClient(int n) {
        bytesSinceLastRequest += n;
        frontend.h1Counters().bytesIn(n);
        if (tx == null && !discardingBody) { // the rest of a body answered locally begins no request
            h1StreamBegun();
        }
    }

    /** {@code n} bytes written to the client, after encoding. */
    void bytesToClient(int n) {
        frontend.h1Counters().bytesOut(n);
    }

    /**
     * {@code n} bytes of {@code t}'s request, in the size HAProxy 2.6 gives a message it received
     * ({@link HtxSize}): the log's {@code %U}, and {@code bin} of the frontend, its listener, the
     * stream's tracked counters, the backend and the server (those two from the server's choice:
     * what came before is added then). Not the wire's bytes, which HAProxy counts only as h1_bytes_in.
     */
    void countRequestBytes(HttpTransaction t, long n) {
        t.loggedIn += n;
        t.stream.countIn(n);
        frontend.counters().bytesIn(n);
        if (listenerCounters != null) {
            listenerCounters.bytesIn(n);
        }
        Server server = t.server();
        if (server != null) {
            t.stream.backend().counters().bytesIn(n);
            server.counters().bytesIn(n);
        } else {
            t.bytesInBeforeServer += n;
        }
    }

    /** {@code n} bytes of {@code t}'s response as HAProxy counts them: {@code %B} and {@code bout}, as {@link #countRequestBytes}. */
    void countResponseBytes(HttpTransaction t, long n) {
        t.loggedOut += n;
        t.stream.countOut(n);
        frontend.counters().bytesOut(n);
        if (listenerCounters != null) {
            listenerCounters.bytesOut(n);
        }
        Server server = t.server();
        if (server != null) {
            t.stream.backend().counters().bytesOut(n);
            server.counters().bytesOut(n);
        }
    }

    /**
     * A request head was read: its stream runs the frontend's request phase, chooses its backend,
     * runs the backend's request phase, then goes to a server unless an action answered it.
     */
    private void startTransaction(HttpRequest request) {
        idleTimer.disarm();
        firstRequest = false;
        h1StreamBegun(); // a pipelined request, whose bytes came during the previous one
        HttpTransaction t = new HttpTransaction(new Stream(frontend, clientAddress, this, context.streamNumbers()), request,
                client, context);
        if (sessionCounters != null) {
            t.stream.inheritSessionCounters(sessionCounters);
            t.stream.countHttpRequest(); // HAProxy counts each request on what its session tracks
        }
        bytesSinceLastRequest = 0;
        tx = t;
        t.stream.requestBegan(quietSinceNanos, decoder.requestBegunNanos());
        // HAProxy's stream of a request exists from its complete head: show sess lists it from here.
        LiveStreams.current().add(t.stream);
        frontend.counters().requestReceived();
        // HAProxy logs the default format's line for each request head it could read, none for a malformed one.
        if (context.accessLog() != null && !request.decoderResult().isFailure()) {
            context.accessLog().started(frontend, client);
        }
        int refusal = request.decoderResult().isFailure() ? 400 : TransferCodings.refusal(request.headers());
        if (refusal != TransferCodings.ACCEPTABLE) {
            countRequestError();
            t.stream.terminate("PR--");
            t.headRefused = true;
            ReferenceCountUtil.release(request);
            answerLocally(t, ErrorPages.page(refusal), false);
            return;
        }
        // HAProxy counts the request (%U, bin) and captures its headers as it reads it, before any rule.
        t.chunkedRequest = HttpUtil.isTransferEncodingChunked(request);
        countRequestBytes(t, HtxSize.head(request));
        HeaderCaptures captures = frontend.config().get(HeaderCaptures.SETTING);
        t.stream.captured(captures.captureRequest(request.headers()), captures.noResponse());
        FrontendPhases phases = t.stream.phases();
        t.stream.request(request);
        Verdict verdict = phases.requestHead().run(t.stream, request);
        if (verdict != Verdict.ANSWERED) {
            verdict = phases.chooseBackend(t.stream, request);
        }
        if (verdict == Verdict.ANSWERED) {
            answerStream(t);
            return;
        }
        Backend backend = t.stream.backend();
        if (backend == null) {
            t.stream.terminate("SC--");
            answerLocally(t, ErrorPages.page(503), true);
            return;
        }
        t.expectContinue = HttpUtil.is100ContinueExpected(request); // read before Expect is removed
        // Hop-by-hop headers go before the backend's rules, which may add headers of their own
        // (X-Forwarded-For) that a client's Connection header must not be able to remove.
        HeaderRewrite.forServer(request, null);
        if (backend.phases().requestHead().run(t.stream, request) == Verdict.ANSWERED) {
            answerStream(t);
            return;
        }
        stampUniqueId(t, request);
        backend.counters().requestReceived();
        backend.counters().sessionStarted();
        t.connections = ConnectionPolicy.of(frontend.config(), backend.config());
        t.connections.announceToServer(request);
        // Assigned before starting: a pooled connection or an empty backend answers synchronously.
        t.dispatch = new Dispatch(t, true);
        t.dispatch.start();
    }

    /** Answers with what an action chose: an answer now, or one made once the body is read. */
    private void answerStream(HttpTransaction t) {
        DeferredAnswer later = t.stream.deferredAnswer();
        if (later == null) {
            answerLocally(t, t.stream.localAnswer(), true);
            return;
        }
        DeferredBody d = new DeferredBody(t, later);
        deferredBody = d;
        // a body that stops coming is cut at the client timeout, as a forwarded one would be
        Duration limit = frontend.config().timeouts().client();
        if (limit != null) {
            d.cutoff = client.eventLoop().schedule(() -> {
                if (deferredBody == d && d.reading() && tx == t) {
                    deferredBody = null;
                    t.stream.terminate("cD--");
                    closeClient(t);
                }
            }, limit.toNanos(), TimeUnit.NANOSECONDS);
        }
        HttpObject next;
        while (deferredBody != null && deferredBody.reading() && (next = pending.peek()) instanceof HttpContent content) {
            pending.poll();
            deferredBodyPart(content);
        }
    }

    /** A part of the body a {@link DeferredAnswer} waits for; the last one asks for the answer. */
    private void deferredBodyPart(HttpContent content) {
        DeferredBody d = deferredBody;
        if (content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(content);
            deferredBody = null;
            refuseRequestBody(d.t);
            return;
        }
        d.t.requestBodyBytes += content.content().readableBytes();
        d.keep(content.content());
        boolean last = content instanceof LastHttpContent;
        ReferenceCountUtil.release(content);
        if (!last) {
            return;
        }
        d.t.requestComplete = true;
        d.asked = true;
        if (d.cutoff != null) {
            d.cutoff.cancel(false);
        }
        d.later.answer(d.body(), d.truncated).whenComplete((answer, failure) -> client.eventLoop().execute(() -> {
            if (deferredBody != d) {
                return; // the connection closed meanwhile
            }
            deferredBody = null;
            if (tx != d.t || d.t.finished) {
                return;
            }
            if (failure != null) {
                log.warn("a local service failed to answer: {}", failure.toString());
            }
            d.t.stream.responseHeadArrived(LoopClock.nanoTime()); // the service's answer is its response head
            answerLocally(d.t, failure == null ? answer : ErrorPages.page(500), true);
        }));
    }

    /** HAProxy's unique id, made once the request passed its rules, and its header for the server. */
    private void stampUniqueId(HttpTransaction t, HttpRequest request) {
        UniqueId format = frontend.config().get(UniqueId.FORMAT);
        if (format == null) {
            return;
        }
        String id = t.stream.uniqueId(format, t);
        String header = frontend.config().get(UniqueId.HEADER);
        if (header != null) {
            request.headers().add(header, id);
        }
    }

    /** Sends a part of the request body to the server; false when it was refused, which ended the transaction. */
    boolean forwardRequestPart(HttpTransaction t, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(content);
            refuseRequestBody(t);
            return false;
        }
        int size = content.content().readableBytes();
        t.requestBodyBytes += size;
        countRequestBytes(t, HttpTransaction.htxSize(content, t.chunkedRequest));
        t.lastServerActivityNanos = LoopClock.nanoTime();
        if (content instanceof LastHttpContent) {
            t.requestComplete = true;
        }
        t.serverChannel.write(content, t.serverChannel.voidPromise());
        return true;
    }

    /**
     * The request's body cannot be framed (an invalid chunk size, say): it must not reach the server
     * as a shorter, complete request. The server connection is closed with what it was sent of it,
     * and the client gets a 400 if no response started, else the connection is cut.
     */
    private void refuseRequestBody(HttpTransaction t) {
        countRequestError();
        t.stream.terminate("PR--");
        if (!t.responseStarted) {
            answerLocally(t, ErrorPages.page(400), false);
            return;
        }
        relay.abort(t);
        closeClient(t);
    }

    /** Sends what was read while no server connection existed, up to the end of the current request. */
    void forwardPendingRequestParts(HttpTransaction t) {
        HttpObject next;
        while (!t.requestComplete && (next = pending.peek()) instanceof HttpContent content) {
            pending.poll();
            if (!forwardRequestPart(t, content)) {
                return;
            }
        }
        if (!readingClient) {
            t.serverChannel.flush();
        }
    }

    /** {@code show errors}: the frontend keeps the last request it refused. */
    private void requestRefused(byte[] bytes, ParseStop stop) {
        context.errors().request(frontend.name(), clientAddress, bytes, stop);
    }

    /** The transaction being relayed, or null between requests. */
    HttpTransaction current() {
        return tx;
    }

    Frontend frontend() {
        return frontend;
    }

    /** Whether no message read from the client waits (a body part, a pipelined request). */
    boolean nothingPending() {
        return pending.isEmpty();
    }

    /** Sends the transaction through its backend again, on a new connection (a stale kept-alive one died). */
    void redispatch(HttpTransaction t) {
        t.dispatch = new Dispatch(t, false);
        t.dispatch.start();
    }

    /** The whole response went to the client: the transaction ends, and the connection closes or waits for the next request. */
    void responseDone(HttpTransaction t) {
        // Counted before the last bytes are flushed: whoever has the whole response sees it counted.
        finishTransaction(t);
        if (t.closeClientAfter) {
            closing = true;
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        client.flush();
        awaitNextRequest();
    }

    /** The connection is free again: the next request, pipelined or to come. */
    private void awaitNextRequest() {
        quietSinceNanos = LoopClock.nanoTime();
        HttpObject next = pending.poll();
        if (next instanceof HttpRequest request) {
            startTransaction(request);
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
     * Whether the client has begun its next request while {@code t} is answered: a pipelined one
     * decoded and waiting, or bytes of one. On a graceful stop such a request is answered too, so
     * the current response must not announce the close.
     */
    boolean nextRequestBegun(HttpTransaction t) {
        return t.requestComplete && (!pending.isEmpty() || decoder.requestBegun());
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
        if (closing || !client.isActive() || tx != null || !pending.isEmpty() || decoder.requestBegun()) {
            return;
        }
        long quiet = LoopClock.nanoTime() - quietSinceNanos;
        if (quiet < STOP_QUIET_NANOS) {
            client.eventLoop().schedule(this::closeWhenQuiet, STOP_QUIET_NANOS - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        closing = true;
        client.close();
    }

    /** Cuts the client connection in the middle of a response, and ends the transaction. */
    void closeClient(HttpTransaction t) {
        closing = true;
        releasePending();
        client.close();
        finishTransaction(t);
    }

    /**
     * Answers the transaction with {@code answer} instead of a server's response. The connection
     * carries the next request afterwards where HAProxy 2.6 keeps it (measured: a 503, a 504, the
     * 502 of {@code shutdown sessions server} or of a response that cannot be framed), unless the client or the frontend
     * asks for the close, or a stop is under way; the rest of the request's body is then dropped as
     * it arrives.
     *
     * <p>The answer's bytes are the stream's, as HAProxy counts a response it makes (the access
     * log's byte count, the backend's and server's {@code bout} when it has them): it is written
     * while the transaction is current, which ends just after. Not so for the 400 of a request the
     * parser refused: HAProxy's HTTP/1 layer writes that one outside any stream, logged with 0 bytes.
     *
     * @param mayKeep false when the cause itself forbids reading further on this connection (the
     *                parser refused the request)
     */
    void answerLocally(HttpTransaction t, LocalAnswer answer, boolean mayKeep) {
        deferredBody = null; // a deferred answer overtaken (shutdown session), or the one now made
        relay.abort(t);
        t.stream.status(answer.status());
        t.responseStarted = true;
        t.responseComplete = true;
        encoder.answeringHead(t.head);
        boolean keep = mayKeep && answer.keepsConnection() && t.clientKeepAlive && !context.stopping()
                && frontend.config().httpConnectionMode() != HttpConnectionMode.CLOSE;
        FullHttpResponse response = answer.response(keep);
        if (!t.headRefused) { // HAProxy counts its page (%B, bout), except for a request it could not read
            countResponseBytes(t, HtxSize.head(response) + response.content().readableBytes());
        }
        boolean streamsAnswer = mayKeep;
        if (!streamsAnswer) {
            finishTransaction(t);
        }
        if (!keep) {
            closing = true;
            releasePending();
            ChannelFuture written = client.writeAndFlush(response);
            finishTransaction(t);
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        client.write(response, client.voidPromise());
        finishTransaction(t);
        client.flush();
        if (!t.requestComplete) {
            discardingBody = true;
            HttpObject next;
            while (discardingBody && (next = pending.peek()) instanceof HttpContent content) {
                pending.poll();
                discardBodyPart(content);
            }
            if (closing) {
                return;
            }
        }
        awaitNextRequest();
    }

    /**
     * {@code shutdown session(s)}: as HAProxy, a response not started yet becomes the 502 page
     * ({@code KH}), after which the connection carries the next request; one under way is cut
     * ({@code KD}).
     */
    @Override
    public void kill(Stream stream) {
        HttpTransaction t = tx;
        if (t == null || t.stream != stream || t.finished) {
            return;
        }
        if (!t.responseStarted || t.heldResponseHead != null) {
            t.heldResponseHead = null;
            t.stream.terminate("KH--");
            answerLocally(t, ErrorPages.page(502), true);
            return;
        }
        t.stream.terminate("KD--");
        relay.abort(t);
        closeClient(t);
    }

    @Override
    public TrafficCounters listenerCounters() {
        return listenerCounters;
    }

    /** {@code show sess}: the transaction's connections, deadlines and HTTP state now (called on this loop). */
    @Override
    public Stream.OwnerView view(Stream stream, long nowNanos) {
        HttpTransaction t = tx;
        if (t == null || t.stream != stream) {
            // Only the current transaction is registered; an answer for anything else would be a bug's,
            // shown empty rather than failing the whole listing.
            return new Stream.OwnerView(client, null, StreamSnapshot.Timers.NONE, 0, null);
        }
        long responseRead = -1;
        if (stream.server() != null && t.serverTimeoutNanos > 0 && !t.responseComplete) {
            responseRead = t.serverTimeoutNanos - (nowNanos - t.lastServerActivityNanos);
        }
        StreamSnapshot.Timers timers = stream.server() != null || stream.backend() == null
                ? new StreamSnapshot.Timers(-1, responseRead, responseRead, -1)
                : StreamSnapshot.Timers.queued(-1, stream.queueLeftNanos(nowNanos));
        int status = stream.status();
        // HAProxy's count of the head (its internal form), then of the body as it went
        return new Stream.OwnerView(client, t.serverChannel, timers,
                StreamSides.requestHeadTotal(t.request) + t.requestBodyBytes,
                new StreamSnapshot.HttpTransaction(StreamSides.methodNumber(t.request.method().name()),
                        status == 0 ? -1 : status, t.requestComplete || lastPartWaiting(), t.responseStarted,
                        t.responseComplete, t.request.headers().size()));
    }

    /**
     * Whether the current request's last part was read and waits for its server (queued): HAProxy
     * shows such a request parsed to its end ({@code req.st=MSG_DONE}) before it goes out.
     */
    private boolean lastPartWaiting() {
        for (HttpObject o : pending) {
            if (o instanceof LastHttpContent) {
                return true;
            }
        }
        return false;
    }

    private void releasePending() {
        HttpObject o;
        while ((o = pending.poll()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    /** Counts, logs and releases what the transaction held; runs exactly once per transaction. */
    /**
     * {@code rtime} and {@code ttime} of the server and its backend, as HAProxy's
     * {@code stream_update_time_stats}: the server's response time counts from the connection to
     * the response head, the total from the request's start to its end; a request that got no
     * response head gives no sample.
     */
    private static void recordTimes(Stream s, Server server, Backend backend) {
        long response = s.responseMillis();
        if (response < 0) {
            return;
        }
        long fromConnection = Math.max(0, response - Math.max(0, s.queueMillis()) - Math.max(0, s.connectMillis()));
        long total = s.activeMillis();
        server.counters().responseTime(fromConnection);
        server.counters().totalTime(total);
        backend.counters().responseTime(fromConnection);
        backend.counters().totalTime(total);
    }

    private void finishTransaction(HttpTransaction t) {
        if (t.finished) {
            return;
        }
        t.finished = true;
        if (tx == t) {
            tx = null;
            h1StreamEnded();
        }
        Stream s = t.stream;
        Backend backend = s.backend();
        Server server = s.server();
        int status = s.status();
        if (status > 0) {
            frontend.counters().response(status);
            if (backend != null && t.dispatch != null) {
                backend.counters().response(status);
            }
        }
        LiveStreams.current().remove(s);
        if (server != null) {
            recordTimes(s, server, backend);
            server.counters().sessionEnded();
            if (status > 0 && t.responseStarted && s.terminatedNormally()) {
                server.counters().response(status);
            }
            server.releaseSlot();
        }
        if (t.dispatch != null) {
            backend.counters().sessionEnded();
        }
        s.retries(t.dispatch == null ? 0 : t.dispatch.retries());
        if (t.dispatch != null) {
            t.dispatch.logged(s);
        }
        // The log phase writes the access log line, if the frontend logs one.
        s.phases().log().run(s, t);
        s.releaseStickCounters();
    }

    // ---- timers --------------------------------------------------------------------------------

    /**
     * While waiting for a request: {@code timeout http-request} for the first one, then
     * {@code timeout http-keep-alive} between requests (each falling back to {@code timeout client}).
     * A connection that sent nothing is closed silently; one that sent part of a request gets a 408.
     */
    private void armIdleTimer() {
        var timeouts = frontend.config().timeouts();
        Duration d = firstRequest ? timeouts.httpRequest()
                : (timeouts.httpKeepAlive() != null ? timeouts.httpKeepAlive() : timeouts.httpRequest());
        idleTimer.arm(d != null ? d : timeouts.client());
    }

    private void cancelTimers() {
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        if (relay != null) {
            relay.cancelTimer();
        }
    }

    private void idleTimeout() {
        if (tx != null || !client.isActive()) {
            return;
        }
        closing = true;
        if (bytesSinceLastRequest > 0) {
            countRequestError();
            frontend.counters().response(408);
            client.writeAndFlush(ErrorPages.response(408)).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.close();
        }
    }

    // ---- server choice -------------------------------------------------------------------------

    /** Connects the transaction to a server through its backend (queue, retries, redispatch). */
    final class Dispatch implements ServerDispatch.Outcome, ServerDispatch.ConnectionSource,
            ServerDispatch.ConnectionNames, Function<Server, ChannelHandler> {
        private final HttpTransaction t;
        private final boolean reuseIdleConnections;
        private ServerDispatch dispatch;
        private Backend backend;
        private long poolIdle;

        Dispatch(HttpTransaction t, boolean reuseIdleConnections) {
            this.t = t;
            this.reuseIdleConnections = reuseIdleConnections;
        }

        /** The dispatch is its own pipeline factory and idle-connection source: no lambdas made per request. */
        void start() {
            backend = t.stream.backend();
            poolIdle = poolIdleNanos(backend);
            dispatch = ServerDispatch.start(backend, client.eventLoop(), context, clientAddress.getAddress(), this,
                    reuseIdleConnections ? this : null, this, backend.phases().persistence().stickyServer(t.stream, backend), this);
        }

        @Override
        public ChannelHandler apply(Server server) {
            return serverPipelineFor(server, backend);
        }

        @Override
        public Channel takeIdle(Server server, String name) {
            return ServerConnectionPool.current().take(server, name, poolIdle);
        }

        @Override
        public String nameFor(Server server) {
            return server.connectionLayer().nameFor(t.stream, t.stream.request());
        }

        int retries() {
            return dispatch == null ? 0 : dispatch.retries();
        }

        /** What the log line shows of the dispatch: the redispatch, the queue position. */
        void logged(Stream s) {
            if (dispatch != null) {
                s.dispatched(dispatch.redispatched(), dispatch.queuePosition());
            }
        }

        @Override
        public void connected(Server server, Channel channel, boolean reused, long queueNanos, long connectNanos) {
            t.stream.queued(queueNanos);
            relay.connected(t, server, channel, reused, connectNanos);
        }

        @Override
        public void failed(ServerGrant.Rejection reason, Server lastTried, long queueNanos) {
            t.stream.queued(queueNanos);
            if (tx != t) {
                return;
            }
            t.stream.terminate(reason == ServerGrant.Rejection.QUEUE_TIMEOUT ? "sQ--" : "SC--");
            answerLocally(t, ErrorPages.page(503), true);
        }
    }

    private static long poolIdleNanos(Backend backend) {
        Duration d = backend.config().timeouts().server();
        return d == null ? DEFAULT_POOL_IDLE_NANOS : Math.min(d.toNanos(), DEFAULT_POOL_IDLE_NANOS);
    }

    /** Closes the calling loop's idle kept-alive connections to {@code server} ({@code shutdown sessions server}). */
    public static void closeIdleServerConnections(Server server) {
        ServerConnectionPool.current().closeIdle(server);
    }

    /** The pipeline of a new server connection: the h1 counting, the HTTP client codec (with the wire bytes' count), then this package's handler. */
    static ChannelInitializer<Channel> serverPipelineFor(Server server, Backend backend) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                H1Counters counters = backend.h1Counters();
                ServerH1Count h1 = new ServerH1Count(counters);
                ch.pipeline().addLast(new TurnEndFlush(), h1);
                ch.pipeline().addLast(ServerHttpCodec.handlers(CompactHeaders.perConnection(RESPONSE_LIMITS),
                        counters::bytesIn, counters::bytesOut));
                ch.pipeline().addLast(new ServerSideHandler(server, h1));
            }
        };
    }
}
