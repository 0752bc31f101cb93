package io.ganglion.bench.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Base of the TCP backends: what a client sends is read and dropped (released at once, so nothing
 * accumulates), and an error closes the connection: a load generator that stops resets its
 * connections, and there is nothing to report about that.
 */
abstract class DiscardingHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
