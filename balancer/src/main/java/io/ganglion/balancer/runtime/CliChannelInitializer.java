package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline of one stats socket connection: idle timeout ({@code stats timeout}, replaced by
 * {@code set timeout cli}), line framing, then the session.
 */
final class CliChannelInitializer extends ChannelInitializer<Channel> {
    private final CommandRegistry registry;
    private final ControlLoop control;
    private final AccessLevel level;
    private final Duration idleTimeout;
    /** Open sessions of every socket of the server, for {@code show info}'s {@code Jobs}. */
    private final AtomicInteger openSessions;
    private final CliConnectionListener connections;
    private final int listenerId;

    CliChannelInitializer(CommandRegistry registry, ControlLoop control, AccessLevel level, Duration idleTimeout,
            AtomicInteger openSessions, CliConnectionListener connections, int listenerId) {
        this.registry = registry;
        this.control = control;
        this.level = level;
        this.idleTimeout = idleTimeout;
        this.openSessions = openSessions;
        this.connections = connections;
        this.listenerId = listenerId;
    }

    @Override
    protected void initChannel(Channel channel) {
        openSessions.incrementAndGet();
        channel.closeFuture().addListener(closed -> openSessions.decrementAndGet());
        connections.opened(channel, listenerId);
        CliLineDecoder decoder = new CliLineDecoder();
        channel.pipeline()
                .addLast(CliSession.IDLE_HANDLER_NAME, new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .addLast("cli-lines", decoder)
                .addLast("cli-session", new CliSession(registry, control, decoder, level));
    }
}
