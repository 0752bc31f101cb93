package io.ganglion.balancer.runtime;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Native epoll where Netty's native library loads (Linux), NIO elsewhere; NIO serves unix sockets
 * ({@link NioServerDomainSocketChannel}) through the JDK's {@link UnixDomainSocketAddress}.
 */
enum SocketTransport {
    EPOLL {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        ChannelFactory<? extends ServerChannel> unixChannels() {
            return EpollServerDomainSocketChannel::new;
        }

        @Override
        ChannelFactory<? extends ServerChannel> tcpChannels() {
            return EpollServerSocketChannel::new;
        }

        @Override
        SocketAddress unixAddress(Path path) {
            return new DomainSocketAddress(path.toString());
        }
    },
    NIO {
        @Override
        IoHandlerFactory ioHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        ChannelFactory<? extends ServerChannel> unixChannels() {
            return NioServerDomainSocketChannel::new;
        }

        @Override
        ChannelFactory<? extends ServerChannel> tcpChannels() {
            return NioServerSocketChannel::new;
        }

        @Override
        SocketAddress unixAddress(Path path) {
            return UnixDomainSocketAddress.of(path);
        }
    };

    static SocketTransport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    abstract IoHandlerFactory ioHandlerFactory();

    abstract ChannelFactory<? extends ServerChannel> unixChannels();

    abstract ChannelFactory<? extends ServerChannel> tcpChannels();

    abstract SocketAddress unixAddress(Path path);
}
