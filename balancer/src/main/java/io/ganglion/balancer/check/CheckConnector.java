package io.ganglion.balancer.check;

import io.ganglion.balancer.config.Timeouts;
import io.ganglion.balancer.proxy.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens the connection of one health or agent check: within {@code timeout connect} (or the
 * interval, when shorter or unset), and a failure told in HAProxy's words ({@code L4TOUT}, or
 * {@code L4CON} with "Connection refused" when it was refused).
 */
final class CheckConnector {
    /** What a failed connection reports. */
    interface Failure {
        void failed(String status, String info);
    }

    private CheckConnector() {
    }

    static void connect(EventLoop loop, Transport transport, Timeouts timeouts, Duration inter, InetSocketAddress target,
                        ChannelHandler handler, Runnable connected, Failure failure) {
        Duration connectTimeout = timeouts.connect() != null && timeouts.connect().compareTo(inter) < 0
                ? timeouts.connect() : inter;
        new Bootstrap().group(loop).channel(transport.clientChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, connectTimeout.toMillis()))
                .handler(handler)
                .connect(target)
                .addListener(f -> {
                    if (f.isSuccess()) {
                        connected.run();
                        return;
                    }
                    Throwable c = f.cause();
                    if (c instanceof ConnectTimeoutException) {
                        failure.failed("L4TOUT", null);
                    } else {
                        boolean refused = c instanceof ConnectException && c.getMessage() != null
                                && c.getMessage().contains("refused");
                        failure.failed("L4CON", refused ? "Connection refused" : null);
                    }
                });
    }
}
