package io.ganglion.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;

/** A stats socket on TCP (HAProxy's {@code stats socket ipv4@127.0.0.1:9999}). */
public record TcpEndpoint(String host, int port) implements Endpoint {

    public TcpEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
    }

    @Override
    public SocketChannel open(Duration connectTimeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (!channel.connect(new InetSocketAddress(host, port))) {
                awaitConnect(channel, connectTimeout);
            }
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to " + this + ": " + e.getMessage(), e);
        }
    }

    private static void awaitConnect(SocketChannel channel, Duration timeout) throws IOException {
        try (Selector selector = channel.provider().openSelector()) {
            channel.register(selector, SelectionKey.OP_CONNECT);
            if (selector.select(Math.max(1, timeout.toMillis())) == 0) {
                throw new IOException("connect timed out after " + timeout.toMillis() + " ms");
            }
            channel.finishConnect();
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
