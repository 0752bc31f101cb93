package io.ganglion.balancer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for generated configs. */
public final class Ports {
    /**
     * Below Linux's ephemeral range (32768-60999): a port handed out here cannot be taken, between
     * the test's check and the balancer's bind, by one of the many outgoing connections the tests
     * make, which is what made "free" ports from the ephemeral range collide under load.
     */
    static final int FIRST = 20_000;
    static final int LAST = 32_000;

    /**
     * This JVM's ports come from blocks of the range it alone holds (several test JVMs run at once:
     * surefire's forks and the modules Maven builds in parallel), handed out in sequence, so one
     * JVM never hands the same port out twice in a run and two JVMs never hand out the same one:
     * a port handed out but not yet bound passes any other JVM's check.
     */
    private static final PortBlocks BLOCKS = PortBlocks.claimedInTempDir(FIRST, LAST);

    private Ports() {
    }

    /** A loopback port that was free a moment ago, outside the ephemeral range, not handed out before. */
    public static synchronized int free() {
        for (int attempt = 0; attempt < LAST - FIRST; attempt++) {
            int port = BLOCKS.next();
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
