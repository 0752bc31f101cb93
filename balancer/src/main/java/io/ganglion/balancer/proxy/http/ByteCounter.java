package io.ganglion.balancer.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the raw bytes a client connection reads and writes, before any decoding, and reports them
 * to the session: {@code show stat}'s bin/bout and the access log's byte count are wire bytes.
 */
final class ByteCounter extends ChannelDuplexHandler {
    interface Sink {
        void bytesFromClient(int n);

        void bytesToClient(int n);
    }

    private final Sink sink;

    ByteCounter(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            sink.bytesFromClient(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            sink.bytesToClient(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
