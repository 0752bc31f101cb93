package io.ganglion.balancer;

import io.ganglion.balancer.config.ConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short private run of a balancer, on loopback and a socket in a temporary directory, so that a
 * standby process has loaded and linked the classes of the data path and the stats socket before it
 * is asked to take over: in a fresh JVM that class loading, not the configuration, is what makes a
 * start take seconds.
 *
 * <p>It touches nothing outside its temporary directory and its own loopback ports; any failure only
 * means a colder takeover, so it is logged and otherwise ignored.
 */
final class Rehearsal {
    private static final Logger log = LoggerFactory.getLogger(Rehearsal.class);
    private static final int REQUESTS = 200;
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok";

    private Rehearsal() {
    }

    static void run() {
        long started = System.nanoTime();
        Path dir = null;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            dir = Files.createTempDirectory("ganglion-rehearsal");
            Thread answering = new Thread(() -> answer(server), "rehearsal-server");
            answering.setDaemon(true);
            answering.start();
            int frontendPort = freePort();
            Path socket = dir.resolve("admin.sock");
            String config = """
                    global
                        stats socket %s level admin
                    defaults
                        mode http
                        timeout connect 2s
                        timeout client 5s
                        timeout server 5s
                    frontend rehearsal
                        bind 127.0.0.1:%d
                        default_backend rehearsal
                    backend rehearsal
                        balance roundrobin
                        server s1 127.0.0.1:%d
                    """.formatted(socket, frontendPort, server.getLocalPort());
            try (Balancer balancer = Balancer.start(ConfigParser.parse("rehearsal", config))) {
                // What an agent sends to fill an empty backend and reads back each cycle, before the
                // requests, which then also open a first connection to a server just added (issue 18).
                command(socket, "add server rehearsal/s2 127.0.0.1:" + server.getLocalPort() + " check inter 60s weight 1; "
                        + "enable health rehearsal/s2; set server rehearsal/s2 state ready; "
                        + "show servers state rehearsal; show stat rehearsal 4 -1\n");
                requests(frontendPort);
                command(socket, "show stat\n");
                command(socket, "set server rehearsal/s1 weight 2\n");
                command(socket, "show servers state\n");
            }
            log.info("standby: rehearsal done in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (Exception | LinkageError e) {
            log.warn("standby: rehearsal failed ({}); the takeover will be slower", e.toString());
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Keep-alive requests through the rehearsal frontend, each answer read whole. */
    private static void requests(int port) throws IOException {
        byte[] request = ("GET / HTTP/1.1\r\nHost: rehearsal\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(5_000);
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            for (int i = 0; i < REQUESTS; i++) {
                out.write(request);
                out.flush();
                readResponse(in);
            }
        }
    }

    /** Reads one response of the rehearsal server's known shape: headers, then a 2-byte body. */
    private static void readResponse(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the rehearsal frontend closed the connection");
            }
            matched = towardHeadEnd(matched, b);
        }
        if (in.readNBytes(2).length != 2) {
            throw new IOException("short body from the rehearsal frontend");
        }
    }

    /** How much of a head's end (CR LF CR LF) has been read once {@code b} follows {@code matched} bytes of it. */
    private static int towardHeadEnd(int matched, int b) {
        return b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
    }

    /** Each connection on a thread of its own: the balancer keeps one open to each of the two servers. */
    private static void answer(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket accepted = server.accept();
                Thread connection = new Thread(() -> answerConnection(accepted), "rehearsal-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                // the rehearsal is over
            }
        }
    }

    private static void answerConnection(Socket accepted) {
        byte[] response = RESPONSE.getBytes(StandardCharsets.US_ASCII);
        try (Socket s = accepted) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int matched = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                matched = towardHeadEnd(matched, b);
                if (matched == 4) {
                    out.write(response);
                    out.flush();
                    matched = 0;
                }
            }
        } catch (IOException e) {
            // the rehearsal is over, or the balancer closed the connection
        }
    }

    private static void command(Path socket, String line) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer) >= 0) {
                buffer.clear();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
