package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.ErrorPages;
import io.ganglion.balancer.proxy.LoopClock;
import io.ganglion.balancer.proxy.ProxyContext;
import io.ganglion.balancer.proxy.stream.HeaderCaptures;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.server.Server;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of a client connection's transactions: sends the request head once a server
 * connection is there, relays the response to the client (its head through the response phases,
 * its body as it comes, paced by the client's writability), watches {@code timeout server}, and
 * turns a server that fails (closes, answers garbage, goes quiet) into the local answer HAProxy
 * gives. The client side ({@link HttpSession}) reads requests, answers locally and ends transactions.
 *
 * <p>One per client connection, on its event loop, like the session: no field is shared.
 */
final class ServerRelay {
    private static final Logger log = LoggerFactory.getLogger(ServerRelay.class);
    /** How many times a bodiless request is sent again after its kept-alive connection died unanswered. */
    private static final int MAX_STALE_REPLAYS = 2;

    private final HttpSession session;
    private final Channel client;
    private final ProxyResponseEncoder encoder;
    private final ProxyContext context;
    /** Checks {@code timeout server} of the current transaction; null when none is pending. */
    private ScheduledFuture<?> serverTimer;

    ServerRelay(HttpSession session, Channel client, ProxyResponseEncoder encoder, ProxyContext context) {
        this.session = session;
        this.client = client;
        this.encoder = encoder;
        this.context = context;
    }

    void cancelTimer() {
        if (serverTimer != null) {
            serverTimer.cancel(false);
            serverTimer = null;
        }
    }

    /** The dispatch got {@code t} a connection to {@code server}: the request goes out. */
    void connected(HttpTransaction t, Server server, Channel ch, boolean reused, long connectNanos) {
        if (session.current() != t || !client.isActive()) {
            server.releaseSlot();
            ch.close();
            return;
        }
        if (t.server() == null) {
            Backend backend = t.stream.backend();
            t.stream.assignServer(server);
            backend.phases().persistence().serverConnected(t.stream, server);
            server.counters().sessionStarted();
            server.counters().requestReceived();
            // What the client sent before a server was chosen counts for it and its backend too.
            backend.counters().bytesIn(t.bytesInBeforeServer);
            server.counters().bytesIn(t.bytesInBeforeServer);
            t.bytesInBeforeServer = 0;
        }
        t.serverChannel = ch;
        t.lastServerChannel = ch;
        t.reused = reused;
        t.stream.connected(connectNanos);
        ServerSideHandler handler = ch.pipeline().get(ServerSideHandler.class);
        handler.attach(this);
        t.serverHandler = handler;
        t.lastServerActivityNanos = LoopClock.nanoTime();
        armTimeout(t);
        if (t.expectContinue && !t.continueSent) {
            t.continueSent = true;
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        ch.write(t.request, ch.voidPromise());
        if (t.pendingLastContentReplay) {
            t.pendingLastContentReplay = false;
            session.forwardRequestPart(t, LastHttpContent.EMPTY_LAST_CONTENT);
        }
        session.forwardPendingRequestParts(t);
        ch.read();
        session.readClientIfWanted();
    }

    void serverMessage(Channel ch, HttpObject msg) {
        HttpTransaction t = session.current();
        if (t == null || ch != t.serverChannel) {
            ReferenceCountUtil.release(msg);
            ch.close();
            return;
        }
        t.lastServerActivityNanos = LoopClock.nanoTime();
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                badServerResponse(t);
                return;
            }
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // The client's Expect was answered here; any other interim response is not forwarded.
                t.skippingInterim = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            t.stream.responseHeadArrived(t.lastServerActivityNanos);
            if (runResponsePhases(t, response) == Verdict.ANSWERED) {
                ReferenceCountUtil.release(msg);
                session.answerLocally(t, t.stream.localAnswer(), true);
                return;
            }
            startResponse(t, response);
            if (msg instanceof LastHttpContent) {
                session.countResponseBytes(t, HttpTransaction.htxSize((LastHttpContent) msg, t.chunkedResponse));
                client.write(response, client.voidPromise());
                completeResponse(t);
            } else {
                // Held until its first body part decodes, or the end of this read: a body that does
                // not (an invalid chunk size) then still gets the client a 502, as with HAProxy.
                t.heldResponseHead = response;
            }
            return;
        }
        if (t.skippingInterim) {
            if (msg instanceof LastHttpContent) {
                t.skippingInterim = false;
            }
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            badServerResponse(t);
            return;
        }
        writeHeldResponseHead(t);
        if (msg instanceof HttpContent content) {
            session.countResponseBytes(t, HttpTransaction.htxSize(content, t.chunkedResponse));
        }
        client.write(msg, client.voidPromise());
        if (msg instanceof LastHttpContent) {
            completeResponse(t);
        }
    }

    /** The backend's response rules, then the frontend's, as HAProxy runs {@code http-response}. */
    private Verdict runResponsePhases(HttpTransaction t, HttpResponse response) {
        // HAProxy counts the response (%B, bout) and captures its headers before its rules see them.
        t.chunkedResponse = HttpUtil.isTransferEncodingChunked(response);
        session.countResponseBytes(t, HtxSize.head(response));
        t.stream.responseCaptured(t.stream.frontend().config().get(HeaderCaptures.SETTING).captureResponse(response.headers()));
        // store-response rules run before the http-response rules: HAProxy 2.6 stores from a
        // response that http-response deny refuses (measured)
        t.stream.backend().phases().persistence().responseArrived(t.stream, response, t.stream.server());
        Verdict v = t.stream.backend().phases().responseHead().run(t.stream, response);
        return v == Verdict.ANSWERED ? v : t.stream.phases().responseHead().run(t.stream, response);
    }

    private void startResponse(HttpTransaction t, HttpResponse response) {
        t.responseStarted = true;
        int status = response.status().code();
        t.stream.status(status);
        if (status >= 400 && status < 500) {
            t.stream.countHttpError(); // a 4xx of the server is the client's error, for http_err_cnt/http_err_rate
        }
        boolean serverKeepAlive = HttpUtil.isKeepAlive(response);
        boolean selfDelimited = t.head || HttpUtil.isContentLengthSet(response)
                || HttpUtil.isTransferEncodingChunked(response) || status == 204 || status == 304;
        t.serverReusable = serverKeepAlive && selfDelimited && !t.connections.closeServer();
        HeaderRewrite.removeHopByHop(response.headers());
        if (!selfDelimited || !t.clientKeepAlive || t.connections.closeClient()
                || (context.stopping() && !session.nextRequestBegun(t))) {
            t.closeClientAfter = true;
        }
        if (t.closeClientAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
        } else if (t.request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, "keep-alive");
        }
        encoder.answeringHead(t.head);
    }

    private void writeHeldResponseHead(HttpTransaction t) {
        if (t.heldResponseHead != null) {
            client.write(t.heldResponseHead, client.voidPromise());
            t.heldResponseHead = null;
        }
    }

    void serverReadComplete(Channel ch) {
        HttpTransaction t = session.current();
        if (t != null && ch == t.serverChannel) {
            writeHeldResponseHead(t);
        }
        client.flush();
        if (t != null && ch == t.serverChannel && !t.responseComplete && client.isWritable()) {
            ch.read();
        }
    }

    void serverWritable() {
        HttpTransaction t = session.current();
        if (t != null && !t.requestComplete && session.nothingPending()) {
            client.read();
        }
    }

    void serverClosed(Channel ch) {
        HttpTransaction t = session.current();
        if (t == null || ch != t.serverChannel || t.responseComplete) {
            return;
        }
        t.serverHandler.detach();
        t.serverChannel = null;
        Server server = t.server();
        if (!t.responseStarted && t.reused && t.requestBodyBytes == 0 && t.staleReplays < MAX_STALE_REPLAYS
                && (t.requestComplete || session.nothingPending())) {
            // A kept-alive connection the server had just closed (or a server that died): the
            // request got no answer, and having no body it can be sent again. It goes through the
            // backend once more, on a new connection, with the usual retries and redispatch.
            t.staleReplays++;
            t.pendingLastContentReplay = t.requestComplete;
            t.requestComplete = false;
            server.counters().sessionEnded();
            server.releaseSlot();
            t.stream.assignServer(null);
            session.redispatch(t);
            return;
        }
        server.counters().serverAbort();
        if (!t.responseStarted) {
            server.counters().responseError();
            t.stream.backend().counters().responseError();
            t.stream.terminate("SH--");
            // HAProxy 2.6 does not carry a next request on that connection either (measured).
            session.answerLocally(t, ErrorPages.page(502), false);
        } else {
            t.stream.terminate("SD--");
            session.closeClient(t);
        }
    }

    void serverError(Channel ch, Throwable cause) {
        log.debug("server connection error: {}", cause.toString());
    }

    private void badServerResponse(HttpTransaction t) {
        Server server = t.server();
        ServerHttpCodec.currentResponse(t.serverChannel).ifPresent(c -> context.errors().response(
                t.stream.backend().name(), t.stream.frontend().name(), server.name(), server.id(), t.stream.client(),
                c.bytes(), c.stop()));
        t.server().counters().responseError();
        t.stream.backend().counters().responseError();
        t.stream.terminate("PH--");
        abort(t);
        if (!t.responseStarted || t.heldResponseHead != null) {
            t.heldResponseHead = null;
            // HAProxy 2.6 goes on with the client's next request (HttpFramingComparisonTest).
            session.answerLocally(t, ErrorPages.page(502), true);
        } else {
            session.closeClient(t);
        }
    }

    private void completeResponse(HttpTransaction t) {
        t.responseComplete = true;
        Channel sc = t.serverChannel;
        if (sc != null) {
            t.serverHandler.detach();
            if (t.requestComplete && t.serverReusable && sc.isActive()) {
                if (ServerConnectionPool.current().offer(t.server(), sc)) {
                    sc.read(); // notice the server closing it while idle
                }
            } else {
                sc.close();
            }
            t.serverChannel = null;
        }
        if (!t.requestComplete) {
            // The server answered before the request body ended: the rest of it cannot be skipped safely.
            t.closeClientAfter = true;
        }
        session.responseDone(t);
    }

    void abort(HttpTransaction t) {
        Channel sc = t.serverChannel;
        if (sc != null) {
            t.serverHandler.detach();
            t.serverChannel = null;
            sc.close();
        }
    }

    /** {@code timeout server}: inactivity on the server side; a 504 if the response has not started. */
    private void armTimeout(HttpTransaction t) {
        Duration d = t.stream.backend().config().timeouts().server();
        if (d == null) {
            return;
        }
        t.serverTimeoutNanos = d.toNanos();
        if (serverTimer == null) {
            scheduleServerCheck(t.serverTimeoutNanos);
        }
    }

    private void scheduleServerCheck(long delayNanos) {
        serverTimer = client.eventLoop().schedule(this::checkServerTimeout, delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The pending check may have been armed by an earlier transaction of this connection: it judges
     * the current one, by its own last server activity, and re-arms itself for what is left.
     */
    private void checkServerTimeout() {
        serverTimer = null;
        HttpTransaction t = session.current();
        if (t == null || t.serverTimeoutNanos == 0 || t.responseComplete) {
            return;
        }
        long limit = t.serverTimeoutNanos;
        long now = LoopClock.nanoTime();
        if (!client.isWritable()) {
            // The client is not reading: the server is not the side being waited for, and reads
            // from it are paused on purpose. Only the client's own timeout applies then.
            t.lastServerActivityNanos = now;
            if (t.clientBlockedSinceNanos == 0) {
                t.clientBlockedSinceNanos = now;
            } else if (clientTimeoutNanos() > 0 && now - t.clientBlockedSinceNanos >= clientTimeoutNanos()) {
                t.stream.terminate("cD--");
                session.frontend().counters().clientAbort();
                abort(t);
                session.closeClient(t);
                return;
            }
        } else {
            t.clientBlockedSinceNanos = 0;
        }
        long idle = now - t.lastServerActivityNanos;
        if (idle < limit) {
            scheduleServerCheck(limit - idle);
            return;
        }
        if (t.server() != null) {
            t.server().counters().serverAbort();
        }
        if (!t.responseStarted) {
            t.stream.terminate("sH--");
            session.answerLocally(t, ErrorPages.page(504), true);
        } else {
            t.stream.terminate("sD--");
            abort(t);
            session.closeClient(t);
        }
    }

    private long clientTimeoutNanos() {
        Duration d = session.frontend().config().timeouts().client();
        return d == null ? 0 : d.toNanos();
    }
}
