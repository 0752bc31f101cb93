package io.ganglion.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import java.util.concurrent.TimeUnit;

/**
 * Closes a listening socket on a graceful stop without resetting the connections the kernel has
 * already completed for it. Closing a listening socket resets every connection still in its accept
 * queue, and the client of such a connection may have written its request already: it would get a
 * reset for a request it cannot know was never read. So the listener first accepts whatever is
 * queued (those connections are then served like the others) and closes right after an accept
 * loop that ran until the queue was empty.
 *
 * <p>What is left: a handshake the kernel completes between that last accept and the close (the
 * same event-loop turn, microseconds) is reset, and its client gets the reset at its first read.
 * With no connection arriving, the close comes {@link #IDLE_CLOSE_MILLIS} after the stop began;
 * then the window is the rest of that event-loop turn.
 *
 * <p>One instance per listening channel (each bind has a bootstrap of its own); its state is
 * touched by the listener's event loop only.
 */
final class ListenerDrain extends ChannelInboundHandlerAdapter {
    /** With nothing queued no accept loop runs to close after: the listener then closes this soon. */
    private static final long IDLE_CLOSE_MILLIS = 5;

    private boolean draining;

    /** Starts the drain of {@code listener}, whose pipeline holds a drain; completes when it is closed. */
    static ChannelFuture drainThenClose(Channel listener) {
        ListenerDrain drain = listener.pipeline().get(ListenerDrain.class);
        listener.eventLoop().execute(() -> {
            drain.draining = true;
            // One accept loop must run until the queue is empty, not stop at the per-read limit,
            // and a listener paused at maxconn must accept again: what it leaves queued is reset.
            if (listener.config().getRecvByteBufAllocator() instanceof MaxMessagesRecvByteBufAllocator perRead) {
                perRead.maxMessagesPerRead(Integer.MAX_VALUE);
            }
            listener.config().setAutoRead(true);
            listener.eventLoop().schedule(() -> listener.close(), IDLE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        });
        return listener.closeFuture();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
        if (draining) {
            ctx.close(); // the accept loop just ended: the queue was empty
        }
    }
}
