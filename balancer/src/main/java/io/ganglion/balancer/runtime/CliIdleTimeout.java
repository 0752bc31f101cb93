package io.ganglion.balancer.runtime;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stats socket session's {@code stats timeout}: tells the session ({@link IdleStateEvent}, as
 * Netty's {@code IdleStateHandler} with only its all-idle time would) once nothing was read and
 * nothing written for that long, which closes it.
 *
 * <p>Why not {@code IdleStateHandler} itself: it follows a write to its completion with a promise
 * and a listener of its own for every write, where the session writes with the void promise. A line
 * of a few hundred {@code add acl} commands is a few hundred answers, each then a promise made,
 * listened to and notified; and issue 14's million-entry map load, 1,238 connections, had the JIT
 * compile that promise machinery during the load. Here a write counts when it is made: the session
 * stops writing while the client does not read (unless the client has shut its side, when it writes
 * all there is at once), so a client that reads nothing is still cut one timeout after the last
 * write. {@code set timeout cli} still replaces this by an {@code IdleStateHandler} of the new time
 * ({@link CliSession}).
 *
 * <p>One instance per channel, confined to its event loop.
 */
final class CliIdleTimeout extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> check;
    /** When something was last read (a read finished) or written. */
    private long lastActivity;
    /** True between a read and the end of that read: the session is not idle meanwhile. */
    private boolean reading;
    private boolean firstEvent = true;
    private final Runnable checkIdle = this::checkIdle;

    CliIdleTimeout(long timeoutMillis) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime();
        reading = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        lastActivity = System.nanoTime();
        ctx.write(msg, promise);
    }

    private void start() {
        if (check != null || timeoutNanos <= 0) {
            return;
        }
        lastActivity = System.nanoTime();
        check = ctx.executor().schedule(checkIdle, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void checkIdle() {
        if (check == null || !ctx.channel().isOpen()) {
            return;
        }
        long left = timeoutNanos - (System.nanoTime() - lastActivity);
        if (reading || left > 0) {
            check = ctx.executor().schedule(checkIdle, reading ? timeoutNanos : left, TimeUnit.NANOSECONDS);
            return;
        }
        check = ctx.executor().schedule(checkIdle, timeoutNanos, TimeUnit.NANOSECONDS);
        IdleStateEvent event = firstEvent ? IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT : IdleStateEvent.ALL_IDLE_STATE_EVENT;
        firstEvent = false;
        ctx.fireUserEventTriggered(event);
    }
}
