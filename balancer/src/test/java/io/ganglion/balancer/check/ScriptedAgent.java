package io.ganglion.balancer.check;

import io.ganglion.balancer.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server agent for tests: answers every connection with the current scripted reply and closes,
 * as HAProxy's agent protocol expects; keeps what the checks sent first ({@code agent-send}).
 */
final class ScriptedAgent implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile String reply = "up\n";

    ScriptedAgent() throws IOException {
        socket = new ServerSocket(Ports.free(), 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-agent");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    void reply(String text) {
        reply = text;
    }

    List<String> received() {
        return received;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                c.setSoTimeout(50); // what is sent comes at once after the connect; an agent without agent-send gets nothing
                byte[] buf = new byte[256];
                try {
                    InputStream in = c.getInputStream();
                    int n = in.read(buf);
                    if (n > 0) {
                        received.add(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                    }
                } catch (SocketTimeoutException nothingSent) {
                    // fine: answer anyway
                }
                c.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // closed, or a checker that left early
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
