package io.ganglion.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * Closes a listening socket on a graceful stop without resetting the connections the kernel has
 * already completed for it. Closing a listening socket resets every connection still in its accept
 * queue, and the client of such a connection may have written its request already: it would get a
 * reset for a request it cannot know was never read. So the listener first goes on accepting
 * (whatever the maxconn limits: what it leaves queued is reset) until no connection has come for
 * {@link #QUIET_MILLIS}, and closes then; the connections it took are served like the others.
 *
 * <p>Why a quiet time and not "the queue is empty": the transport accepts one connection per
 * event-loop turn and is woken again while the queue holds more (level-triggered), so no turn ever
 * says the queue is empty. A turn without a wake-up for the listener does: the close runs in such
 * a turn. What is left is a handshake the kernel completes during the close's own turn, between
 * its poll and the close: it is reset, and its client gets the reset at its first read. Closing
 * the listener cannot be made atomic with a last accept from here, so the listeners drain on an
 * event loop of their own (those that accept on the traffic loops move there first), where that
 * turn is a poll, a timer and the close (microseconds); on a loop shared with traffic it also held
 * the other connections' reads and writes, and clients opening connections at the moment of the
 * stop met a reset in 5 stops out of 30 (none in 30 since). With a socket per event loop
 * ({@code SO_REUSEPORT}) each socket drains and closes apart: a connection the kernel queued for one
 * that already closed would be reset, but once one closes the kernel gives new connections to
 * the others, so only the same close-turn window remains, once per socket.
 *
 * <p>One instance per listening channel (each bind has a bootstrap of its own); its fields are
 * touched by the listener's event loop only.
 */
final class ListenerDrain extends ChannelInboundHandlerAdapter {
    private static final long QUIET_MILLIS = 5;
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);

    private boolean draining;
    private long lastAcceptNanos;

    /**
     * Starts the drain of {@code listener}, whose pipeline holds a drain, on {@code quiet} (a loop
     * without traffic): a listener accepting on an event loop is moved there first, the socket
     * staying open and its queue kept meanwhile. Completes when it is closed.
     */
    static ChannelFuture drainThenClose(Channel listener, EventLoop quiet) {
        ListenerDrain drain = listener.pipeline().get(ListenerDrain.class);
        Runnable start = () -> {
            drain.draining = true;
            drain.lastAcceptNanos = LoopClock.nanoTime();
            listener.config().setAutoRead(true); // a listener paused at maxconn must accept again
            drain.closeWhenQuiet(listener);
        };
        if (listener.eventLoop() == quiet) {
            quiet.execute(start);
        } else {
            listener.deregister().addListener(off -> quiet.register(listener).addListener(on -> {
                if (on.isSuccess()) {
                    start.run(); // on quiet: a registration's listeners run on the channel's loop
                } else {
                    listener.close();
                }
            }));
        }
        return listener.closeFuture();
    }

    private void closeWhenQuiet(Channel listener) {
        long quiet = LoopClock.nanoTime() - lastAcceptNanos;
        if (quiet < QUIET_NANOS) {
            listener.eventLoop().schedule(() -> closeWhenQuiet(listener), QUIET_NANOS - quiet, TimeUnit.NANOSECONDS);
        } else {
            listener.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object acceptedChannel) {
        if (draining) {
            lastAcceptNanos = LoopClock.nanoTime();
        }
        ctx.fireChannelRead(acceptedChannel);
    }
}
