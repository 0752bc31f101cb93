package io.ganglion.agent.register;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Passes when a TCP connection to the service opens within the timeout. */
final class TcpCheck implements HealthCheck {

    private final String host;
    private final int port;
    private final int timeoutMillis;

    TcpCheck(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = Math.toIntExact(timeout.toMillis());
    }

    @Override
    public CheckResult run() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return new CheckResult(true, "tcp connected");
        } catch (IOException e) {
            return new CheckResult(false, "tcp " + e.getMessage());
        }
    }
}
