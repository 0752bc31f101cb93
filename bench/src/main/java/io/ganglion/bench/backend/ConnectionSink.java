package io.ganglion.bench.backend;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backend of the idle-connection test: holds every connection open, discards what it reads
 * and counts the connections currently open, so the harness knows when the balancer has opened
 * its side of all of them.
 */
@ChannelHandler.Sharable
public final class ConnectionSink extends DiscardingHandler {
    private final AtomicInteger open = new AtomicInteger();

    public int openConnections() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        open.incrementAndGet();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }
}
