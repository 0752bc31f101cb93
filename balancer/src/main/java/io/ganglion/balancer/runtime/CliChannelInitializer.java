package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline of one stats socket connection: idle timeout ({@code stats timeout}, replaced by
 * {@code set timeout cli}), line framing, then the session.
 */
final class CliChannelInitializer extends ChannelInitializer<Channel> {
    /**
     * Reads start large enough for the longest request HAProxy takes, a 16,383-byte {@code add map}
     * payload, which a script sends on a connection of its own: Netty's default first read of
     * 2,048 bytes took such a request in two reads, the second merged into the first by a third
     * buffer. Issue 14's million-entry load is 1,238 such connections, and that extra read and copy
     * per connection was Netty code the JIT compiled during the load. The same allocator class as
     * the traffic's channels (Netty's default), so that the calls they share see one type.
     */
    private static final AdaptiveRecvByteBufAllocator READ_SIZES =
            new AdaptiveRecvByteBufAllocator(64, CliSession.MAX_REQUEST_BYTES + 1, 65_536);

    private final CommandRegistry registry;
    private final ControlLoop control;
    private final AccessLevel level;
    private final Duration idleTimeout;
    /** Open sessions of every socket of the server, for {@code show info}'s {@code Jobs}. */
    private final AtomicInteger openSessions;
    /** Sessions accepted since the start, for {@code show info}'s {@code CumConns} and {@code CumReq}. */
    private final AtomicLong sessionsTotal;
    private final CliConnectionListener connections;
    private final int listenerId;

    CliChannelInitializer(CommandRegistry registry, ControlLoop control, AccessLevel level, Duration idleTimeout,
            AtomicInteger openSessions, AtomicLong sessionsTotal, CliConnectionListener connections, int listenerId) {
        this.registry = registry;
        this.control = control;
        this.level = level;
        this.idleTimeout = idleTimeout;
        this.openSessions = openSessions;
        this.sessionsTotal = sessionsTotal;
        this.connections = connections;
        this.listenerId = listenerId;
    }

    @Override
    protected void initChannel(Channel channel) {
        openSessions.incrementAndGet();
        sessionsTotal.incrementAndGet();
        channel.closeFuture().addListener(closed -> openSessions.decrementAndGet());
        connections.opened(channel, listenerId);
        channel.config().setRecvByteBufAllocator(READ_SIZES);
        CliLineDecoder decoder = new CliLineDecoder();
        channel.pipeline()
                .addLast(CliSession.IDLE_HANDLER_NAME, new CliIdleTimeout(idleTimeout.toMillis()))
                .addLast("cli-lines", decoder)
                .addLast("cli-session", new CliSession(registry, control, decoder, level));
    }
}
