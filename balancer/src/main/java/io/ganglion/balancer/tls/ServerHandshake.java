package io.ganglion.balancer.tls;

import io.ganglion.balancer.stats.SslProcessFigures;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Sits after the TLS handler of a connection to a server: asks for the first read (server
 * channels do not read on their own until their owner asks, and the handshake must), and counts
 * the connection and its handshake in the process figures as HAProxy 2.6 counts a backend TLS
 * connection ({@code CurrSslConns}, {@code CumSslConns}, {@code SslBackendKeyRate}).
 */
final class ServerHandshake extends ChannelInboundHandlerAdapter {
    private final SslProcessFigures figures;
    private boolean opened;

    /** @param figures where to count, or null not to count */
    ServerHandshake(SslProcessFigures figures) {
        this.figures = figures;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (figures != null) {
            figures.backendConnectionOpened();
            opened = true;
        }
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (opened) {
            opened = false;
            figures.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess() && figures != null) {
            TlsFacts facts = TlsFacts.of(ctx.pipeline().get(SslHandler.class).engine(), null);
            figures.backendHandshakeDone(facts.reused());
        }
        ctx.fireUserEventTriggered(evt);
    }
}
