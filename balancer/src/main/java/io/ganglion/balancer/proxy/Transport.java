package io.ganglion.balancer.proxy;

import io.netty.channel.EventLoopGroup;
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

/** The I/O transport: native epoll on Linux, NIO elsewhere (or when the native library is missing). */
public record Transport(
        String name,
        Class<? extends ServerSocketChannel> serverChannel,
        Class<? extends SocketChannel> clientChannel,
        boolean epoll) {

    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollServerSocketChannel.class, EpollSocketChannel.class, true);
        }
        return new Transport("nio", NioServerSocketChannel.class, NioSocketChannel.class, false);
    }

    public EventLoopGroup newEventLoopGroup(int threads, String prefix) {
        var factory = new io.netty.util.concurrent.DefaultThreadFactory(prefix, true);
        // Each loop reads the clock once per phase of its turn (LoopClock says why).
        return new MultiThreadIoEventLoopGroup(threads, factory,
                LoopClock.keptBy(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory()));
    }
}
