package io.ganglion.runtime;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import jnr.unixsocket.UnixSocketAddress;
import jnr.unixsocket.UnixSocketChannel;

/** A stats socket on a unix socket path (HAProxy's {@code stats socket /run/haproxy.sock}). */
public record UnixSocketEndpoint(Path path) implements Endpoint {

    public UnixSocketEndpoint {
        Objects.requireNonNull(path, "path");
    }

    /**
     * Connecting to a unix socket never waits on the network: it succeeds or fails at once
     * (no such file, connection refused), so the connect timeout has nothing to bound here.
     */
    @Override
    public SocketChannel open(Duration connectTimeout) throws IOException {
        UnixSocketChannel channel;
        try {
            channel = UnixSocketChannel.open(new UnixSocketAddress(path.toFile()));
        } catch (IOException e) {
            throw new IOException("cannot connect to unix socket " + path + ": " + e.getMessage(), e);
        }
        channel.configureBlocking(false);
        return channel;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
