package io.ganglion.balancer.proxy;

import io.ganglion.balancer.stats.TrafficCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First in a client connection's pipeline when its frontend has {@code option socket-stats}: counts
 * the bytes read and written in the accepting listener's row, as the frontend's own count does
 * (the wire bytes). Without the option there is no such handler: nothing is added to the data path.
 */
final class ListenerByteCount extends ChannelDuplexHandler {
    private final TrafficCounters counters;

    ListenerByteCount(TrafficCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesIn(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesOut(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
