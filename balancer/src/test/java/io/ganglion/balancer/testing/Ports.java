package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Loopback ports for generated configs. */
public final class Ports {
    /**
     * Below Linux's ephemeral range (32768-60999): a port handed out here cannot be taken, between
     * the test's check and the balancer's bind, by one of the many outgoing connections the tests
     * make, which is what made "free" ports from the ephemeral range collide under load.
     */
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final int SPAN = LAST - FIRST;

    /**
     * Ports are handed out in sequence from a random start, so one JVM never hands the same port out
     * twice in a run: random picks did, now and then (two frontends of one config, or a port given to
     * a test while an earlier test's balancer still held it), and the bind then failed.
     */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(SPAN));

    private Ports() {
    }

    /** A loopback port that was free a moment ago, outside the ephemeral range, not handed out before. */
    public static int free() {
        for (int attempt = 0; attempt < SPAN; attempt++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), SPAN);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + FIRST + " and " + LAST));
    }
}
