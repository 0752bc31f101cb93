package io.ganglion.balancer.tls;

import io.ganglion.balancer.stats.SslCounters;
import io.ganglion.balancer.stats.SslProcessFigures;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLEngine;

/**
 * Sits after the TLS handlers of one connection until its handshake ends. It asks for the first
 * read (the channels do not read on their own), and then:
 * <ul>
 *   <li>on success, records the connection's {@link TlsFacts}, counts the handshake (new or
 *       resumed session, the process key rate), starts the session (as HAProxy starts a TLS
 *       connection's session after its handshake) and replays {@code channelActive} for the
 *       session's handlers; clear data that came with the end of the handshake waits here until
 *       the session first asks to read (a {@code mode tcp} session reads once its server is
 *       connected), then this handler leaves the pipeline;</li>
 *   <li>on failure (not TLS) or when the client leaves first, counts a failed handshake
 *       ({@code ssl_failed_handshake}, as HAProxy 2.6 counts both) and lets the connection close:
 *       no session, no stream;</li>
 *   <li>a handshake not done within {@code timeout client} (no ClientHello, or an unfinished
 *       one) is closed by the TLS handlers and not counted: HAProxy 2.6 closes it at the same
 *       time and counts nothing (seen with it: 0 failed handshakes after both).</li>
 * </ul>
 */
final class HandshakeCounting extends ChannelDuplexHandler {
    private final SslCounters counters;
    private final SslProcessFigures process;
    private final Runnable startSession;
    private boolean ended;
    private boolean started;
    /** Clear data decoded after the handshake, before the session asked for any. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    HandshakeCounting(SslCounters counters, SslProcessFigures process, Runnable startSession) {
        this.counters = counters;
        this.process = process;
        this.startSession = startSession;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read(); // the TLS handler reads on by itself until the handshake is done
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SniCompletionEvent sni) {
            if (sni.cause() instanceof SslHandshakeTimeoutException) {
                ended = true; // no ClientHello within the timeout: closed, not counted (above)
            }
        } else if (evt instanceof SslHandshakeCompletionEvent done && !ended) {
            ended = true;
            if (done.cause() instanceof SslHandshakeTimeoutException) {
                return; // closed by the TLS handler, not counted (above)
            }
            if (done.isSuccess()) {
                SSLEngine engine = ctx.pipeline().get(SslHandler.class).engine();
                // the name as the client sent it, from the library, as HAProxy's ssl_fc_sni gives it
                // (netty's SniHandler, on listeners of several certificates, reports it lower-cased)
                TlsFacts facts = TlsFacts.of(engine, TlsFacts.requestedName(engine));
                facts.attachTo(ctx.channel());
                counters.handshakeDone(facts.reused());
                process.frontendHandshakeDone(facts.reused());
                started = true;
                startSession.run();
                ctx.fireChannelActive();
            } else {
                counters.handshakeFailed();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (started) {
            held.add(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }

    /** The session's first read: what is held is its answer, else a read goes on as usual. */
    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!started) {
            ctx.read();
            return;
        }
        ArrayDeque<Object> pending = new ArrayDeque<>(held);
        held.clear();
        ctx.pipeline().remove(this); // a removed handler's context still passes events on
        if (pending.isEmpty()) {
            ctx.read();
            return;
        }
        while (!pending.isEmpty()) {
            ctx.fireChannelRead(pending.poll());
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // closed before the session read them
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ended) {
            ended = true;
            counters.handshakeFailed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            ended = true; // no ClientHello within the timeout: not a failed handshake for HAProxy
        }
        ctx.close(); // a handshake that failed: the TLS handler has said so with its event
    }
}
