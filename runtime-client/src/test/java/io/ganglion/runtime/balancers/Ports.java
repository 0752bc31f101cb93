package io.ganglion.runtime.balancers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for generated configs. */
public final class Ports {

    private Ports() {
    }

    /**
     * A port that was free a moment ago. Another process may take it before the balancer binds:
     * a rare race that shows as a start failure naming the port, never as a wrong result.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
