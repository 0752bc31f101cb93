package io.ganglion.balancer.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * Sits right behind a client connection's {@code SslHandler}: when the socket itself fails (the
 * client reset the connection), the connection is closed at once, without the TLS close_notify
 * that every later {@code close()} would otherwise make {@code SslHandler} encrypt and write to a
 * socket that can only refuse it (a second error, EPIPE, and its exception). HAProxy sends nothing
 * after such an error either. The error still goes on to the session's handlers, which see a
 * channel already closing.
 *
 * <p>An {@link IOException} that reaches this point and is not the TLS library's ({@link
 * SSLException}) comes from the transport's read: netty reports write errors through the write's
 * promise, not here, and closes the channel itself after a failed read.
 */
@ChannelHandler.Sharable
final class PeerResetClose extends ChannelInboundHandlerAdapter {
    static final PeerResetClose INSTANCE = new PeerResetClose();

    private PeerResetClose() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException && !(cause instanceof SSLException) && ctx.channel().isOpen()) {
            // the transport's own close, past SslHandler: SslHandler then sees an inactive channel
            // and closes without writing close_notify when the session asks it to
            ctx.channel().unsafe().close(ctx.channel().unsafe().voidPromise());
        }
        ctx.fireExceptionCaught(cause);
    }
}
