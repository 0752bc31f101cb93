package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.session.ErrorCaptures;
import io.ganglion.balancer.session.ParseStop;
import io.ganglion.balancer.stats.H1Counters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.Optional;

/**
 * Sits in front of a server connection's HTTP codec, where each buffer crosses the wire: counts the
 * bytes read and written in the backend's h1 counters, and holds the bytes of the read being
 * decoded, so that a response the codec refuses can be captured for {@code show errors} as the
 * server sent it. One handler for both, so that a server read passes one handler fewer before the
 * codec (the counting was a {@link io.ganglion.balancer.proxy.WireByteCount} of its own).
 *
 * <p>The codec refuses a response while it decodes the read that holds the fault, inside this
 * handler's {@link #channelRead}: the read's buffer is retained until then (a reference count, no
 * copy), and copied only when a response is refused. What is captured starts at the first byte of
 * that read: a response whose head arrived over several reads shows its last read only, and its
 * position is then counted from there. Confined to the connection's event loop.
 */
final class ServerBytesTap extends ChannelDuplexHandler {
    private final H1Counters counters;
    private ByteBuf read;
    private int readStart;

    ServerBytesTap(H1Counters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        counters.bytesIn(buf.readableBytes());
        read = buf.retain();
        readStart = buf.readerIndex();
        try {
            ctx.fireChannelRead(msg);
        } finally {
            read = null;
            buf.release();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesOut(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }

    /** The bytes of the read being decoded on {@code serverChannel}, with where HAProxy's parser would stop; empty between reads. */
    static Optional<Capture> currentResponse(Channel serverChannel) {
        ServerBytesTap tap = serverChannel == null ? null : serverChannel.pipeline().get(ServerBytesTap.class);
        if (tap == null || tap.read == null) {
            return Optional.empty();
        }
        ByteBuf b = tap.read;
        byte[] bytes = new byte[Math.min(b.writerIndex() - tap.readStart, ErrorCaptures.CAPTURE_LIMIT)];
        b.getBytes(tap.readStart, bytes);
        ParseStop stop = H1ErrorLocator.inResponse(bytes).orElseGet(() -> H1ErrorLocator.fallback(bytes));
        return Optional.of(new Capture(bytes, stop));
    }

    /** A refused response's bytes (a fresh copy, owned by whoever receives it) and its stop. */
    record Capture(byte[] bytes, ParseStop stop) {
    }
}
