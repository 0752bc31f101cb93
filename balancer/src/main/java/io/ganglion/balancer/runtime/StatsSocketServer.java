package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.StatsSocketSpec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>The sockets are served by the {@link ControlLoop}, apart from the traffic loops: the thread
 * that applies changes reads the commands that make them. Starting is all or nothing: when one socket cannot be opened the
 * ones already open are closed again and {@link StatsSocketException} says which and why.
 */
public final class StatsSocketServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatsSocketServer.class);

    private final ControlLoop control;
    /** True when this server started its control loop itself, and so stops it. */
    private final boolean ownsControl;
    // Filled by start() before the server is returned to anyone, read-only afterwards.
    private final List<Listener> listeners;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger openSessions = new AtomicInteger();
    private final AtomicLong sessionsTotal = new AtomicLong();

    /** One open socket; {@code fileKey} identifies the socket file this process published. */
    private record Listener(StatsSocketSpec spec, Channel channel, Object fileKey) {
    }

    private StatsSocketServer(ControlLoop control, boolean ownsControl, List<Listener> listeners) {
        this.control = control;
        this.ownsControl = ownsControl;
        this.listeners = listeners;
    }

    /**
     * Opens every socket and starts answering.
     *
     * @param idleTimeout {@code stats timeout}: a session idle this long is closed
     * @throws StatsSocketException when a socket cannot be opened (a live process already answers
     *                              on a unix socket path, the address is in use, ...); nothing stays open
     */
    public static StatsSocketServer start(List<StatsSocketSpec> specs, CommandRegistry registry, Duration idleTimeout,
            ControlLoop control) throws StatsSocketException {
        return start(specs, registry, idleTimeout, control, false, CliConnectionListener.NONE);
    }

    /** As {@link #start(List, CommandRegistry, Duration, ControlLoop)}, telling {@code connections} of each new session. */
    public static StatsSocketServer start(List<StatsSocketSpec> specs, CommandRegistry registry, Duration idleTimeout,
            ControlLoop control, CliConnectionListener connections) throws StatsSocketException {
        return start(specs, registry, idleTimeout, control, false, connections);
    }

    /** As {@link #start(List, CommandRegistry, Duration, ControlLoop)}, on a control loop of its own. */
    public static StatsSocketServer start(List<StatsSocketSpec> specs, CommandRegistry registry, Duration idleTimeout)
            throws StatsSocketException {
        return start(specs, registry, idleTimeout, ControlLoop.start(), true, CliConnectionListener.NONE);
    }

    /** On a control loop of its own with a chosen transport (tests use NIO on Linux too). */
    static StatsSocketServer start(List<StatsSocketSpec> specs, CommandRegistry registry, Duration idleTimeout,
            SocketTransport transport) throws StatsSocketException {
        return start(specs, registry, idleTimeout, ControlLoop.start(transport), true, CliConnectionListener.NONE);
    }

    private static StatsSocketServer start(List<StatsSocketSpec> specs, CommandRegistry registry,
            Duration idleTimeout, ControlLoop control, boolean ownsControl, CliConnectionListener connections)
            throws StatsSocketException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        SocketTransport transport = control.transport();
        EventLoopGroup group = control.group();
        List<Listener> opened = new ArrayList<>();
        StatsSocketServer server = new StatsSocketServer(control, ownsControl, opened);
        // Every socket is bound before any unix socket file appears under its name, so a client
        // that waits for the file finds every other socket (TCP ones included) already listening.
        List<Unpublished> pending = new ArrayList<>();
        try {
            for (int i = 0; i < specs.size(); i++) {
                StatsSocketSpec spec = specs.get(i);
                CliChannelInitializer initializer = new CliChannelInitializer(registry, control, spec.level(), idleTimeout,
                        server.openSessions, server.sessionsTotal, connections, i + 1);
                if (spec.isUnix()) {
                    pending.add(bindUnix(spec, transport, group, initializer));
                } else {
                    opened.add(openTcp(spec, transport, group, initializer));
                    LOG.info("stats socket {} listening, level {}", spec.displayName(), spec.level().keyword());
                }
            }
            while (!pending.isEmpty()) {
                Unpublished u = pending.remove(0);
                opened.add(u.publish());
                LOG.info("stats socket {} listening, level {}", u.spec().displayName(), u.spec().level().keyword());
            }
            // Back to configuration order, which boundAddresses() reports.
            opened.sort(java.util.Comparator.comparingInt(listener -> specs.indexOf(listener.spec())));
        } catch (StatsSocketException | RuntimeException e) {
            pending.forEach(u -> u.channel().close().awaitUninterruptibly());
            server.close();
            throw e;
        }
        return server;
    }

    private static ServerBootstrap bootstrap(EventLoopGroup group, CliChannelInitializer initializer) {
        return new ServerBootstrap().group(group).childHandler(initializer)
                // A client may shut its sending side down and still wait for the answers (socat does).
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    private static Listener openTcp(StatsSocketSpec spec, SocketTransport transport, EventLoopGroup group,
            CliChannelInitializer initializer) throws StatsSocketException {
        // Prompt-mode clients wait for each answer: don't let Nagle hold small replies back.
        ServerBootstrap bootstrap = bootstrap(group, initializer).childOption(ChannelOption.TCP_NODELAY, true);
        Channel channel = bind(bootstrap.channelFactory(transport.tcpChannels()), spec.tcp(), spec);
        return new Listener(spec, channel, null);
    }

    /** A unix socket bound under a temporary name, not yet renamed to the configured path. */
    private record Unpublished(StatsSocketSpec spec, Channel channel, Path temporary) {
        Listener publish() throws StatsSocketException {
            Path target = spec.unixPath().toAbsolutePath();
            try {
                return new Listener(spec, channel, SocketFile.publish(temporary, target, spec.mode()));
            } catch (IOException e) {
                channel.close().awaitUninterruptibly();
                throw new StatsSocketException("stats socket " + target + ": cannot publish the socket: " + e.getMessage(), e);
            }
        }
    }

    private static Unpublished bindUnix(StatsSocketSpec spec, SocketTransport transport, EventLoopGroup group,
            CliChannelInitializer initializer) throws StatsSocketException {
        Path target = spec.unixPath().toAbsolutePath();
        SocketFile.checkReplaceable(target);
        Path temporary = SocketFile.temporaryPath(target);
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new StatsSocketException("stats socket " + target + ": cannot remove " + temporary + ": " + e.getMessage(), e);
        }
        Channel channel = bind(bootstrap(group, initializer).channelFactory(transport.unixChannels()),
                transport.unixAddress(temporary), spec);
        return new Unpublished(spec, channel, temporary);
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

    /** Sessions open on any of the sockets now (HAProxy counts each among its {@code Jobs}). */
    public int openSessions() {
        return openSessions.get();
    }

    /** Sessions the sockets have accepted since they opened. */
    public long sessionsTotal() {
        return sessionsTotal.get();
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
        if (ownsControl) {
            control.close();
        }
    }
}
