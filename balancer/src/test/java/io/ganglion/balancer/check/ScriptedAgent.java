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
 * as HAProxy's agent protocol expects; keeps what the checks sent ({@code agent-send}).
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

    /** Each connection on a thread of its own: several checkers ask at once, and one may send nothing. */
    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                Thread t = new Thread(() -> answer(c), "scripted-agent-answer");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void answer(Socket connection) {
        try (Socket c = connection) {
            // answer at once (a checker that sends nothing would otherwise wait), then keep what it sent
            c.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
            c.setSoTimeout(50);
            byte[] buf = new byte[256];
            try {
                InputStream in = c.getInputStream();
                int n = in.read(buf);
                if (n > 0) {
                    received.add(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketTimeoutException nothingSent) {
                // an agent without agent-send
            }
        } catch (IOException e) {
            // a checker that left early
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
