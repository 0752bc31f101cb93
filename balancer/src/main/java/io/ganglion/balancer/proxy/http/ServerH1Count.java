package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.stats.H1Counters;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;

/**
 * Counts a server connection in its backend's h1 counters as HAProxy 2.6 counts its H1 server
 * connections (measured): the connection from its connect attempt, a refused one included, to its
 * close; one stream for the exchange it was opened for, a failed attempt's included, and one per
 * reuse (its bytes are counted by the {@link ServerHttpCodec} handlers beside it).
 * Confined to the connection's event loop.
 */
final class ServerH1Count extends ChannelHandlerAdapter {
    private final H1Counters counters;
    private boolean streamOpen;

    ServerH1Count(H1Counters counters) {
        this.counters = counters;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added when the channel registers, before it connects: every attempt counts.
        counters.connectionOpened();
        exchangeStarted();
        ctx.channel().closeFuture().addListener(f -> {
            exchangeEnded();
            counters.connectionClosed();
        });
    }

    /** An exchange uses the connection (the one it was opened for, or a reuse). */
    void exchangeStarted() {
        if (!streamOpen) {
            streamOpen = true;
            counters.streamOpened();
        }
    }

    /** The exchange let go of the connection (back to the pool, or to be closed). */
    void exchangeEnded() {
        if (streamOpen) {
            streamOpen = false;
            counters.streamClosed();
        }
    }
}
