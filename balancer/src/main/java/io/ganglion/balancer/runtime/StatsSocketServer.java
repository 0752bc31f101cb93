package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.StatsSocketSpec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's stats sockets: every {@code stats socket} line of the configuration, unix or TCP,
 * each with its own access level, answering the Runtime API from one {@link CommandRegistry}.
 *
 * <pre>{@code
 * try (StatsSocketServer sockets = StatsSocketServer.start(global.statsSockets(), registry, global.statsTimeout())) {
 *     ...
 * }   // closes the listeners and removes the socket files
 * }</pre>
 *
 * <p>Stats socket traffic is light, so the sockets share one event-loop thread of their own,
 * apart from the traffic loops. Starting is all or nothing: when one socket cannot be opened the
 * ones already open are closed again and {@link StatsSocketException} says which and why.
 */
public final class StatsSocketServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsSocketServer.class);

    private final EventLoopGroup group;
    // Filled by start() before the server is returned to anyone, read-only afterwards.
    private final List<Listener> listeners;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** One open socket; {@code fileKey} identifies the socket file this process published. */
    private record Listener(StatsSocketSpec spec, Channel channel, Object fileKey) {
    }

    private StatsSocketServer(EventLoopGroup group, List<Listener> listeners) {
        this.group = group;
        this.listeners = listeners;
    }

    /**
     * Opens every socket and starts answering.
     *
     * @param idleTimeout {@code stats timeout}: a session idle this long is closed
     * @throws StatsSocketException when a socket cannot be opened (a live process already answers
     *                              on a unix socket path, the address is in use, ...); nothing stays open
     */
    public static StatsSocketServer start(List<StatsSocketSpec> specs, CommandRegistry registry, Duration idleTimeout)
            throws StatsSocketException {
        return start(specs, registry, idleTimeout, SocketTransport.best());
    }

    /** As {@link #start(List, CommandRegistry, Duration)}, on a chosen transport (tests use NIO on Linux too). */
    static StatsSocketServer start(List<StatsSocketSpec> specs, CommandRegistry registry, Duration idleTimeout,
            SocketTransport transport) throws StatsSocketException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stats-socket", true),
                transport.ioHandlerFactory());
        List<Listener> opened = new ArrayList<>();
        StatsSocketServer server = new StatsSocketServer(group, opened);
        try {
            for (StatsSocketSpec spec : specs) {
                opened.add(open(spec, transport, group, new CliChannelInitializer(registry, spec.level(), idleTimeout)));
                LOG.info("stats socket {} listening, level {}", spec.displayName(), spec.level().keyword());
            }
        } catch (StatsSocketException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Listener open(StatsSocketSpec spec, SocketTransport transport, EventLoopGroup group,
            CliChannelInitializer initializer) throws StatsSocketException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group).childHandler(initializer)
                // A client may shut its sending side down and still wait for the answers (socat does).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        if (!spec.isUnix()) {
            // Prompt-mode clients wait for each answer: don't let Nagle hold small replies back.
            bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
            Channel channel = bind(bootstrap.channelFactory(transport.tcpChannels()), spec.tcp(), spec);
            return new Listener(spec, channel, null);
        }
        Path target = spec.unixPath().toAbsolutePath();
        SocketFile.checkReplaceable(target);
        Path temporary = SocketFile.temporaryPath(target);
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new StatsSocketException("stats socket " + target + ": cannot remove " + temporary + ": " + e.getMessage(), e);
        }
        Channel channel = bind(bootstrap.channelFactory(transport.unixChannels()), transport.unixAddress(temporary), spec);
        try {
            return new Listener(spec, channel, SocketFile.publish(temporary, target, spec.mode()));
        } catch (IOException e) {
            channel.close().awaitUninterruptibly();
            throw new StatsSocketException("stats socket " + target + ": cannot publish the socket: " + e.getMessage(), e);
        }
    }

    private static Channel bind(ServerBootstrap bootstrap, SocketAddress address, StatsSocketSpec spec)
            throws StatsSocketException {
        var bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new StatsSocketException("stats socket " + spec.displayName() + ": cannot bind: "
                    + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    /** Where each socket listens, in configuration order (a TCP port 0 shows the port chosen). */
    public List<SocketAddress> boundAddresses() {
        return listeners.stream().map(listener -> listener.spec().isUnix()
                ? (SocketAddress) java.net.UnixDomainSocketAddress.of(listener.spec().unixPath())
                : listener.channel().localAddress()).toList();
    }

    /** Stops listening, closes every session and removes the socket files. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Listener listener : listeners) {
            listener.channel().close().awaitUninterruptibly();
            if (listener.spec().isUnix()) {
                SocketFile.removeIfOurs(listener.spec().unixPath().toAbsolutePath(), listener.fileKey());
            }
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
