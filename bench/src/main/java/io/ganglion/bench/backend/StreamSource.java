package io.ganglion.bench.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * The {@code mode tcp} bulk backend: writes an endless stream of bytes to every connection as
 * fast as the connection drains (it writes only while the channel is writable), and ignores what
 * it reads. A client measures throughput by counting what arrives.
 */
@ChannelHandler.Sharable
public final class StreamSource extends DiscardingHandler {
    private static final int CHUNK_BYTES = 64 * 1024;
    /** Shared read-only; each write sends a duplicate, so no connection ever changes it. */
    private static final ByteBuf CHUNK = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(CHUNK_BYTES).writeZero(CHUNK_BYTES)).asReadOnly();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        fill(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        fill(ctx);
        ctx.fireChannelWritabilityChanged();
    }


    /** Writes until the outbound buffer passes its high-water mark; writability brings us back. */
    private static void fill(ChannelHandlerContext ctx) {
        while (ctx.channel().isActive() && ctx.channel().isWritable()) {
            ctx.write(CHUNK.duplicate(), ctx.voidPromise());
        }
        ctx.flush();
    }
}
