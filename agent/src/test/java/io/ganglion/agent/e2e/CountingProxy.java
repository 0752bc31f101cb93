package io.ganglion.agent.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A loopback TCP relay in front of a balancer's TCP stats socket that keeps every command line
 * the clients send: how a test counts what the agent said on the socket.
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "proxy-accept");
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Every line clients sent since the last {@link #clear()}, in order. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    void clear() {
        lines.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon(() -> pipe(client, server, true), "proxy-up");
                daemon(() -> pipe(server, client, false), "proxy-down");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean record) {
        StringBuilder line = new StringBuilder();
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (record) {
                    for (char c : new String(buffer, 0, n, StandardCharsets.ISO_8859_1).toCharArray()) {
                        if (c == '\n') {
                            lines.add(line.toString());
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            sockets.forEach(CountingProxy::closeQuietly);
        }
    }
}
