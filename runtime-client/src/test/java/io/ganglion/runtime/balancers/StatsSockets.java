package io.ganglion.runtime.balancers;

import io.ganglion.balancer.testing.Ports;
import java.nio.file.Path;

import io.ganglion.runtime.Endpoint;
import io.ganglion.runtime.TcpEndpoint;
import io.ganglion.runtime.UnixSocketEndpoint;

/**
 * The three stats sockets every target opens: an admin unix socket, a user-level unix socket
 * (for permission errors) and an admin TCP socket on loopback.
 */
public record StatsSockets(Path adminUnix, Path userUnix, int adminTcpPort) {

    static StatsSockets in(Path workDir) {
        return new StatsSockets(workDir.resolve("admin.sock"), workDir.resolve("user.sock"), Ports.free());
    }

    /** The {@code global} section lines that open them (HAProxy syntax). */
    String globalLines() {
        return "    stats socket " + adminUnix + " mode 600 level admin\n"
                + "    stats socket " + userUnix + " mode 600 level user\n"
                + "    stats socket ipv4@127.0.0.1:" + adminTcpPort + " level admin\n"
                + "    stats timeout 2m\n";
    }

    public Endpoint admin() {
        return new UnixSocketEndpoint(adminUnix);
    }

    public Endpoint user() {
        return new UnixSocketEndpoint(userUnix);
    }

    public Endpoint adminTcp() {
        return new TcpEndpoint("127.0.0.1", adminTcpPort);
    }
}
