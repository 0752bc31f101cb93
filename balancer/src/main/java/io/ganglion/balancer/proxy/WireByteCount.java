package io.ganglion.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.function.IntConsumer;

/**
 * Sees the bytes a connection reads and writes as they cross the wire, before any decoding and
 * after any encoding, and hands their counts to whoever counts them. Confined to the connection's
 * event loop; the counts go to counters that are safe to add to from any loop.
 */
public abstract class WireByteCount extends ChannelDuplexHandler {
    /** A count that adds what is read to {@code read} and what is written to {@code written}. */
    public static WireByteCount into(IntConsumer read, IntConsumer written) {
        return new WireByteCount() {
            @Override
            protected void read(int n) {
                read.accept(n);
            }

            @Override
            protected void written(int n) {
                written.accept(n);
            }
        };
    }

    /** {@code n} bytes were read from the peer. */
    protected abstract void read(int n);

    /** {@code n} bytes are written to the peer. */
    protected abstract void written(int n);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            read(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            written(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
