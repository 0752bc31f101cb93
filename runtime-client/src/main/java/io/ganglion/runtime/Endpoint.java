package io.ganglion.runtime;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a stats socket listens: a unix socket path or a TCP {@code host:port}.
 *
 * <pre>
 *   Endpoint.parse("/run/haproxy/admin.sock")   // unix
 *   Endpoint.parse("127.0.0.1:9999")            // TCP
 *   Endpoint.parse("[::1]:9999")                // TCP, IPv6
 * </pre>
 */
public sealed interface Endpoint permits UnixSocketEndpoint, TcpEndpoint {

    /**
     * Opens a connected, non-blocking channel.
     *
     * @throws IOException when the socket cannot be reached within {@code connectTimeout}
     */
    SocketChannel open(Duration connectTimeout) throws IOException;

    /**
     * Reads the text an operator types: anything with a {@code /} or without a {@code :port}
     * suffix is a unix socket path, {@code host:port} and {@code [v6]:port} are TCP.
     */
    static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("endpoint is empty: expected a unix socket path or host:port");
        }
        int colon = text.lastIndexOf(':');
        boolean looksLikeTcp = colon > 0 && !text.contains("/")
                && text.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < text.length() - 1;
        if (!looksLikeTcp) {
            return new UnixSocketEndpoint(Path.of(text));
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new TcpEndpoint(host, Integer.parseInt(text.substring(colon + 1)));
    }
}
