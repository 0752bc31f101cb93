package io.ganglion.balancer.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * One {@code stats socket} line: either a unix socket path or a TCP address.
 *
 * @param unixPath the socket file, or null for a TCP socket
 * @param tcp      the TCP address ({@code ipv4@ADDR:PORT}, {@code ADDR:PORT}), or null for a unix socket
 * @param mode     the unix socket file's mode ({@code mode 600}), or -1 when not given
 * @param level    access level of sessions on this socket; {@code operator} by default, as in HAProxy
 */
public record StatsSocketSpec(Path unixPath, InetSocketAddress tcp, int mode, AccessLevel level, Source source) {
    public boolean isUnix() {
        return unixPath != null;
    }

    /** How HAProxy names the socket in messages: the path, or {@code ipv4@ADDR:PORT}. */
    public String displayName() {
        return isUnix() ? unixPath.toString() : "ipv4@" + tcp.getHostString() + ":" + tcp.getPort();
    }
}
