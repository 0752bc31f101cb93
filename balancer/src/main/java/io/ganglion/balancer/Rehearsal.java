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
    /** The logger of the servers' state changes ({@code Backend}'s). */
    private static final String EVENTS = "io.ganglion.balancer.events";
    /**
     * The agent's cycles the rehearsal runs, read and change, so that the JIT has compiled the
     * control path by the time the agent's first additions come (issue 18: cold, one cycle cost the
     * control thread 4.6 ms and the JIT 3.7 ms, against 1.1 ms compiled). C1 compiles a method after
     * about 200 calls; fewer cycles left most of it interpreted.
     */
    static final int CONTROL_CYCLES = Integer.getInteger("ganglion.rehearsal.cycles", 200); // a property for A/B runs
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
                quietly(() -> controlCycles(socket, server.getLocalPort()));
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

    /**
     * What the agent does over its prompt session when an instance replaces another: reads the
     * backend ({@code show servers state}, {@code show stat B 4 -1}), then adds the new server,
     * puts it in service, and takes the previous one out and deletes it, in one pipelined batch.
     */
    private static void controlCycles(Path socket, int serverPort) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            PromptCounter prompts = new PromptCounter(channel);
            prompts.send("prompt\n", 1);
            for (int i = 0; i < CONTROL_CYCLES; i++) {
                prompts.send("show servers state rehearsal\nshow stat rehearsal 4 -1\n", 2);
                String added = "rehearsal/c" + i;
                String batch = "add server " + added + " 127.0.0.1:" + serverPort + " weight 1\n"
                        + "set server " + added + " state ready\n";
                if (i > 0) {
                    String previous = "rehearsal/c" + (i - 1);
                    prompts.send(batch + "set server " + previous + " state maint\ndel server " + previous + "\n", 4);
                } else {
                    prompts.send(batch, 2);
                }
            }
        }
    }

    /**
     * Runs {@code rehearsal} with the servers' state-change lines (two a cycle) held back: hundreds
     * of lines about a private backend in the balancer's log would say nothing to its reader. The
     * lines are still built, so their code is warmed as well.
     */
    private static void quietly(IoAction rehearsal) throws IOException {
        if (!(LoggerFactory.getLogger(EVENTS) instanceof ch.qos.logback.classic.Logger events)) {
            rehearsal.run();
            return;
        }
        ch.qos.logback.classic.Level level = events.getLevel();
        events.setLevel(ch.qos.logback.classic.Level.ERROR);
        try {
            rehearsal.run();
        } finally {
            events.setLevel(level);
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** Sends commands over a prompt session and reads until each has been answered (one prompt each). */
    private static final class PromptCounter {
        private final SocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private byte previous = '\n';

        PromptCounter(SocketChannel channel) {
            this.channel = channel;
        }

        void send(String lines, int answers) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(lines.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            int seen = 0;
            while (seen < answers) {
                buffer.clear();
                if (channel.read(buffer) < 0) {
                    throw new IOException("the rehearsal socket closed the prompt session");
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    // A prompt is a '>' at the start of a line; no answer line of these commands starts with one.
                    if (b == '>' && previous == '\n') {
                        seen++;
                    }
                    previous = b;
                }
            }
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
