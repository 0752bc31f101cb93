package io.ganglion.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The I/O transport of the proxies' event loops: io_uring where the kernel allows it, else native
 * epoll on Linux, else NIO (or when the native libraries are missing). {@code GANGLION_TRANSPORT} in
 * the environment (a bundled balancer inherits it from its agent) or {@code -Dganglion.transport}
 * asks for one by name, {@code io_uring}, {@code epoll} or {@code nio}; an unavailable one is passed
 * over for the next.
 *
 * <p>Why io_uring first: a loop's writes of one turn go to the kernel in one {@code io_uring_enter}
 * instead of one {@code send} each, and its reads come back as completions without an
 * {@code epoll_wait} first. On a host whose cores the balancer shares with its clients and servers,
 * each {@code send} that wakes a peer is a point where the peer may preempt the loop mid-turn; with
 * one system call per turn the loop is preempted at most once per turn (measured in
 * {@code docs/ARCHITECTURE-NOTES.md}, "io_uring for the proxies' sockets").
 *
 * <p>Accepts and polls are single-shot on io_uring (Netty 4.2.18 makes both multi-shot where the
 * kernel has them). A multi-shot accept keeps taking connections from the kernel's backlog in the
 * background, and a listener paused at a limit ({@code maxconn}, the accept rate limits) still
 * received everything taken before its cancel reached the kernel: 50 connections in the first
 * second of a limit of 5. A multi-shot poll lost the wake-up of data that came while a read was
 * already on its way: a resumed TLS 1.2 client's close_notify and FIN, sent right after its
 * Finished, were never read, and the connection stayed open until {@code timeout client}
 * (thousands of them under {@code openssl s_time -reuse}, until the listeners paused at
 * {@code maxconn}). A single-shot accept or poll is armed again only when the channel reads on.
 *
 * @param reusePort     whether its listening sockets take {@code SO_REUSEPORT} (a socket per event loop)
 * @param movesChannels whether a registered channel can move to another loop ({@code deregister}, then
 *                      {@code register}): an io_uring listening socket's pending accept never lets
 *                      its deregistration complete (Netty 4.2.18), and its close then hangs
 */
public record Transport(
        String name,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> clientChannel,
        boolean reusePort,
        boolean movesChannels,
        Supplier<IoHandlerFactory> ioHandlers) {

    /** The system property that asks for a transport by name. */
    public static final String PROPERTY = "ganglion.transport";
    /** The environment variable that asks for one when the property is not set: a bundled balancer started by the agent inherits it. */
    public static final String ENVIRONMENT = "GANGLION_TRANSPORT";

    /** Netty's switches for multi-shot accepts and polls, read once when its io_uring support loads. */
    static final List<String> MULTISHOT_SWITCHES = List.of(
            "io.netty.iouring.acceptMultiShotEnabled", "io.netty.iouring.pollAddMultishotEnabled");

    static {
        // Before anything loads io_uring's classes; an operator's own -D setting wins.
        for (String multishot : MULTISHOT_SWITCHES) {
            if (System.getProperty(multishot) == null) {
                System.setProperty(multishot, "false");
            }
        }
    }

    private static final Transport IO_URING = new Transport("io_uring", IoUringServerSocketChannel.class,
            IoUringSocketChannel.class, true, false, IoUringIoHandler::newFactory);
    private static final Transport EPOLL = new Transport("epoll", EpollServerSocketChannel.class,
            EpollSocketChannel.class, true, true, EpollIoHandler::newFactory);
    private static final Transport NIO = new Transport("nio", NioServerSocketChannel.class,
            NioSocketChannel.class, false, true, NioIoHandler::newFactory);

    /**
     * The one asked for by {@link #PROPERTY} (or {@link #ENVIRONMENT}) when available; else io_uring,
     * else epoll, else NIO.
     */
    public static Transport best() {
        String asked = System.getProperty(PROPERTY, System.getenv().getOrDefault(ENVIRONMENT, ""))
                .trim().toLowerCase(Locale.ROOT);
        return switch (asked) {
            case "nio" -> NIO;
            case "epoll" -> epollOrNio();
            default -> ioUringAvailable() ? IO_URING : epollOrNio();
        };
    }

    /** Native epoll where it loads, else NIO: for programs that want the same transport everywhere (the bench's backends). */
    public static Transport epollOrNio() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Whether io_uring loads here (the kernel allows it and the native library is there). */
    public static boolean ioUringAvailable() {
        try {
            return IoUring.isAvailable();
        } catch (LinkageError noNativeLibrary) {
            return false;
        }
    }

    /** Puts first in a new connection's pipeline what this transport needs there ({@link NoReadAfterClose} on io_uring). */
    public void prepare(Channel connection) {
        if (this == IO_URING) {
            connection.pipeline().addFirst(new NoReadAfterClose());
        }
    }

    public EventLoopGroup newEventLoopGroup(int threads, String prefix) {
        var factory = new io.netty.util.concurrent.DefaultThreadFactory(prefix, true);
        // Each loop reads the clock once per phase of its turn (LoopClock says why).
        return new MultiThreadIoEventLoopGroup(threads, factory, LoopClock.keptBy(ioHandlers.get()));
    }
}
