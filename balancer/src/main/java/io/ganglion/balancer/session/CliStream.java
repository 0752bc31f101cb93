package io.ganglion.balancer.session;

import io.ganglion.balancer.runtime.CliConnectionListener;
import io.ganglion.balancer.server.Server;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;

/**
 * A stats socket session as {@code show sess} lists it: HAProxy runs its CLI as a stream of the
 * {@code GLOBAL} frontend, so operators see their own session (and can cut another one with
 * {@code shutdown session}). Sits first in the session's pipeline, counting the bytes each way.
 *
 * <p>Threading: everything happens on the session's loop (the control loop), where it is registered.
 */
public final class CliStream extends ChannelDuplexHandler implements LiveStream {
    private final long id = LiveStreams.current().nextId();
    private final long rank;
    private final long epoch;
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();
    private final Channel channel;
    private final int listenerId;
    private long bytesIn;
    private long bytesOut;

    private CliStream(Channel channel, int listenerId, StreamNumbers numbers) {
        this.rank = numbers.nextRank();
        this.epoch = numbers.epoch();
        this.channel = channel;
        this.listenerId = listenerId;
    }

    /** Registers every new stats socket session, numbered by {@code numbers}; give it to the stats socket server. */
    public static CliConnectionListener register(StreamNumbers numbers) {
        return (channel, listenerId) -> channel.pipeline().addFirst("cli-stream", new CliStream(channel, listenerId, numbers));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        LiveStreams.current().add(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        LiveStreams.current().remove(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            bytesIn += bytes.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            bytesOut += bytes.readableBytes();
        }
        ctx.write(msg, promise);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Server server() {
        return null;
    }

    @Override
    public StreamSnapshot snapshot() {
        StreamSnapshot.Side client;
        String listenerAddress;
        if (channel.localAddress() instanceof InetSocketAddress) {
            client = StreamSides.client(channel);
            listenerAddress = StreamSides.local(channel).address();
        } else {
            // HAProxy names a unix socket's peer, which has no address, by the listener's number.
            listenerAddress = "unix:" + listenerId;
            client = new StreamSnapshot.Side("unix_stream", listenerAddress, StreamSides.client(channel).fd());
        }
        return new StreamSnapshot(id, rank, epoch, startMillis, System.nanoTime() - startNanos, StreamSnapshot.Kind.CLI,
                client, StreamSnapshot.Proxy.GLOBAL, listenerId, listenerAddress, null, null, StreamSnapshot.Timers.NONE,
                bytesIn, bytesOut, null);
    }

    /** {@code shutdown session} of a stats socket session: the connection closes. */
    @Override
    public void kill() {
        channel.close();
    }
}
