package io.ganglion.balancer.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that keeps connections open for as long as the test needs: {@code GET /slow} is never
 * answered, {@code GET /stream} gets a chunked response head and one chunk and then nothing,
 * {@code GET /ok} a complete keep-alive answer; a connection that does not start with
 * {@code GET} (a {@code mode tcp} client) is held silent. Counts the connections it saw end.
 */
final class HoldingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger closedByPeer = new AtomicInteger();

    HoldingServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "holding-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections whose other end (the balancer) closed them. */
    int closedByPeer() {
        return closedByPeer.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                Thread t = new Thread(() -> serve(c), "holding-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                String request = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                if (request.startsWith("GET /stream")) {
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nfirst\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } else if (request.startsWith("GET /ok")) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
            closedByPeer.incrementAndGet();
        } catch (IOException e) {
            closedByPeer.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
