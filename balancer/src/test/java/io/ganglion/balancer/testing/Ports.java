package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for generated configs. */
public final class Ports {
    /**
     * Below Linux's ephemeral range (32768-60999): a port handed out here cannot be taken, between
     * the test's check and the balancer's bind, by one of the many outgoing connections the tests
     * make, which is what made "free" ports from the ephemeral range collide under load.
     */
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private Ports() {
    }

    /** A loopback port that was free a moment ago, outside the ephemeral range. */
    public static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + FIRST + " and " + LAST));
    }
}
