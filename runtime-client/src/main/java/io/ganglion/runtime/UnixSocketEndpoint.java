package io.ganglion.runtime;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A stats socket on a unix socket path (HAProxy's {@code stats socket /run/haproxy.sock}), through
 * the JDK's own unix-domain channel: no native library of ours (issue 18: jnr-unixsocket's FFI,
 * which this replaces, loaded about 380 classes into every agent for this one channel).
 */
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
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
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
