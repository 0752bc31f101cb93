package io.ganglion.balancer.proxy;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First in the pipeline of an io_uring connection: once the channel is asked to close, no read is
 * left pending. Netty 4.2.18's io_uring channel delays a close until the operations it has in
 * flight complete; a read asked for before the close, while the channel was handling a read (it
 * then only marks the read pending), or after it, arms a poll once that handling ends, which the
 * close has already stopped cancelling, and the poll keeps the socket alive after its descriptor
 * is closed: a client that spoke plain HTTP to a TLS port ({@code SslHandler} asks for a read
 * at the end of each read, also after a failed handshake) waited for a close that never came.
 * One per channel (it remembers the close).
 */
final class NoReadAfterClose extends ChannelDuplexHandler {
    private boolean closing;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        closing = true;
        ChannelConfig config = ctx.channel().config();
        if (!config.isAutoRead()) {
            // Netty clears a pending read when auto-read goes off; the read that turning it on asks
            // for stops here (closing)
            config.setAutoRead(true);
            config.setAutoRead(false);
        }
        ctx.close(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!closing) {
            ctx.read();
        }
    }
}
