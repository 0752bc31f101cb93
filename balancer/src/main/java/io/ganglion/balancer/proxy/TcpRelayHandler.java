package io.ganglion.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Copies bytes read on one channel to its peer, reading only as fast as the peer drains: reads
 * stop when the peer's outbound buffer passes its high-water mark and resume when it falls below
 * the low-water mark (both channels have AUTO_READ off).
 *
 * <p>Both channels live on the same event loop (the server connection was made on the client's
 * loop), so {@code peer} needs no synchronisation.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final TcpSession session;
    private final boolean fromClient;

    TcpRelayHandler(Channel peer, TcpSession session, boolean fromClient) {
        this.peer = peer;
        this.session = session;
        this.fromClient = fromClient;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            session.countBytes(fromClient, buf.readableBytes());
        }
        peer.write(msg, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        if (peer.isWritable()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Our own channel drained: the peer may read again.
        if (ctx.channel().isWritable()) {
            peer.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.closedBy(fromClient);
        Channels.closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.failed(fromClient, cause);
        ctx.close();
    }
}
