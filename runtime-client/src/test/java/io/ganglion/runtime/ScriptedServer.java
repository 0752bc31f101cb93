package io.ganglion.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stats-socket stand-in for the failures a real balancer will not produce on demand:
 * a server that accepts and never answers, or one that answers one command and hangs up.
 */
final class ScriptedServer implements AutoCloseable {

    enum Behaviour {
        /** Accepts, reads, never writes a byte. */
        NEVER_ANSWERS,
        /** Speaks prompt mode: acknowledges {@code prompt}, answers one command with "ok", closes. */
        ANSWERS_ONE_COMMAND_THEN_CLOSES
    }

    private interface Acceptor {
        Conn accept() throws IOException;

        void close() throws IOException;
    }

    private record Conn(InputStream in, OutputStream out, AutoCloseable closer) {
    }

    private final Acceptor acceptor;
    private final Behaviour behaviour;
    private final Endpoint endpoint;
    private final Thread thread;
    private final AtomicInteger accepted = new AtomicInteger();
    // Only the accept thread adds; close() reads it after that thread has stopped accepting.
    private final List<Conn> open = java.util.Collections.synchronizedList(new ArrayList<>());

    private ScriptedServer(Acceptor acceptor, Endpoint endpoint, Behaviour behaviour) {
        this.acceptor = acceptor;
        this.endpoint = endpoint;
        this.behaviour = behaviour;
        this.thread = new Thread(this::serve, "scripted-server");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    static ScriptedServer tcp(Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Acceptor acceptor = new Acceptor() {
            @Override
            public Conn accept() throws IOException {
                Socket s = server.accept();
                return new Conn(s.getInputStream(), s.getOutputStream(), s);
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
        return new ScriptedServer(acceptor, new TcpEndpoint("127.0.0.1", server.getLocalPort()), behaviour);
    }

    static ScriptedServer unix(Path path, Behaviour behaviour) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Acceptor acceptor = new Acceptor() {
            @Override
            public Conn accept() throws IOException {
                SocketChannel ch = server.accept();
                return new Conn(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
        return new ScriptedServer(acceptor, new UnixSocketEndpoint(path), behaviour);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    int acceptedConnections() {
        return accepted.get();
    }

    private void serve() {
        while (true) {
            Conn conn;
            try {
                conn = acceptor.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            open.add(conn);
            if (behaviour == Behaviour.ANSWERS_ONE_COMMAND_THEN_CLOSES) {
                answerOneThenClose(conn);
            }
        }
    }

    private static void answerOneThenClose(Conn conn) {
        try (AutoCloseable closer = conn.closer()) {
            readLine(conn.in()); // prompt
            conn.out().write("\n> ".getBytes(StandardCharsets.UTF_8));
            readLine(conn.in());
            conn.out().write("ok\n\n> ".getBytes(StandardCharsets.UTF_8));
            conn.out().flush();
        } catch (Exception e) {
            // the client went away first: nothing to do for a test double
        }
    }

    private static void readLine(InputStream in) throws IOException {
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("client closed");
            }
        }
    }

    @Override
    public void close() throws Exception {
        acceptor.close();
        thread.join(10_000);
        synchronized (open) {
            for (Conn conn : open) {
                conn.closer().close();
            }
        }
    }
}
