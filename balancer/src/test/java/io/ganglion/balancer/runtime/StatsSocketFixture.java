package io.ganglion.balancer.runtime;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.config.StatsSocketSpec;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The three sockets of the HAProxy capture run, on loopback and in a temporary directory:
 * {@code admin} (unix, mode 600, level admin), {@code user} (unix, level user) and {@code tcp}
 * (127.0.0.1, a free port, level admin).
 */
final class StatsSocketFixture implements AutoCloseable {
    private static final Source SOURCE = new Source("test.cfg", 1);

    final Path adminPath;
    final Path userPath;
    final StatsSocketServer server;

    StatsSocketFixture(Path directory, CommandRegistry registry) throws StatsSocketException {
        this(directory, registry, Duration.ofMinutes(2));
    }

    StatsSocketFixture(Path directory, CommandRegistry registry, Duration statsTimeout) throws StatsSocketException {
        adminPath = directory.resolve("admin.sock");
        userPath = directory.resolve("user.sock");
        server = StatsSocketServer.start(List.of(
                new StatsSocketSpec(adminPath, null, 0600, AccessLevel.ADMIN, SOURCE),
                new StatsSocketSpec(userPath, null, -1, AccessLevel.USER, SOURCE),
                new StatsSocketSpec(null, new InetSocketAddress("127.0.0.1", 0), -1, AccessLevel.ADMIN, SOURCE)),
                registry, statsTimeout);
    }

    /** The address of the capture run's socket named {@code admin}, {@code user} or {@code tcp}. */
    SocketAddress address(String socket) {
        return switch (socket) {
            case "admin" -> server.boundAddresses().get(0);
            case "user" -> server.boundAddresses().get(1);
            case "tcp" -> server.boundAddresses().get(2);
            default -> throw new IllegalArgumentException("no socket " + socket);
        };
    }

    int tcpPort() {
        return ((InetSocketAddress) address("tcp")).getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
