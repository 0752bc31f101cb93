package io.ganglion.balancer.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * A raw TCP server standing behind a proxy under test: it records every request exactly as the
 * proxy framed it (request line, headers, framing, decoded body), so a test can say what reached a
 * server, and whether it reached it whole. It answers {@code 200} with the body {@code ok}, or, for a
 * target {@code /respond/NAME}, the raw bytes registered under NAME with {@link #cannedResponse}
 * (then it closes: such answers are usually broken on purpose).
 *
 * <p>Its parser reads what a proxy sends, not what a client may: CRLF line ends, a
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}, hexadecimal chunk sizes.
 */
public final class RecordingHttpServer implements AutoCloseable {
    private static final String MARKER = "/settled-marker";
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    /**
     * One request as the server read it. {@code complete} is false when the connection ended in
     * the middle of it: part of a request reached the server.
     */
    public record Received(String requestLine, List<Map.Entry<String, String>> headers, String body, boolean complete) {
        /** The values of a header, name compared without case. */
        public List<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        /** How the body was framed: {@code chunked}, {@code length N} or {@code none}. */
        public String framing() {
            if (!header("transfer-encoding").isEmpty()) {
                return "TE " + String.join(",", header("transfer-encoding")).toLowerCase(Locale.ROOT);
            }
            return header("content-length").isEmpty() ? "none" : "CL " + String.join(",", header("content-length"));
        }
    }

    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> canned = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Connections that have read part of a request and wait for the rest. */
    private final AtomicInteger midRequest = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    public RecordingHttpServer() {
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Ports.free()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections the proxy opened to this server so far: whether it reused one or opened a new one. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** What {@code /respond/NAME} answers: these bytes, then the connection is closed. */
    public RecordingHttpServer cannedResponse(String name, String rawResponse) {
        canned.put(name, rawResponse.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /**
     * What reached this server through the proxy on {@code proxyPort} so far (then forgotten): a
     * marker request is sent through the proxy on a new connection, and once it arrived and no
     * connection holds part of a request, everything the proxy sent before it has been read. The
     * proxy must run one event loop ({@code nbthread 1}) for "before" to hold.
     */
    public List<Received> settle(int proxyPort) throws IOException {
        RawHttp.exchange("127.0.0.1", proxyPort, "GET " + MARKER + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> midRequest.get() == 0
                && received.stream().anyMatch(r -> r.requestLine().startsWith("GET " + MARKER + " ")));
        List<Received> before = received.stream().filter(r -> !r.requestLine().startsWith("GET " + MARKER + " ")).toList();
        received.clear();
        return before;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                accepted.incrementAndGet();
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                RequestReader reader = new RequestReader(in);
                Received r = reader.read();
                if (r == null) {
                    return;
                }
                received.add(r);
                if (!r.complete()) {
                    return;
                }
                String target = r.requestLine().split(" ")[1];
                if (target.startsWith("/respond/")) {
                    byte[] answer = canned.get(target.substring("/respond/".length()));
                    out.write(answer == null ? OK : answer);
                    out.flush();
                    return;
                }
                out.write(OK);
                out.flush();
                if (r.header("connection").stream().anyMatch(v -> v.equalsIgnoreCase("close"))) {
                    return;
                }
            }
        } catch (IOException ended) {
            // the proxy closed the connection: what was read is recorded
        } finally {
            open.remove(s);
        }
    }

    /** Reads one request; counts itself in {@link #midRequest} from its first byte to its end. */
    private final class RequestReader {
        private final InputStream in;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private String requestLine;
        private boolean started;

        RequestReader(InputStream in) {
            this.in = in;
        }

        /** The next request, null at a clean end of the connection. */
        Received read() throws IOException {
            try {
                requestLine = line();
                if (requestLine == null) {
                    return null;
                }
                for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                    int colon = h.indexOf(':');
                    headers.add(Map.entry(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip()));
                }
                Received head = new Received(requestLine, headers, "", false);
                if (head.framing().startsWith("TE ")) {
                    readChunked();
                } else if (head.framing().startsWith("CL ")) {
                    copy(Long.parseLong(head.header("content-length").get(0)));
                }
                return new Received(requestLine, List.copyOf(headers), body.toString(StandardCharsets.ISO_8859_1), true);
            } catch (EOFException cut) {
                return new Received(requestLine, List.copyOf(headers), body.toString(StandardCharsets.ISO_8859_1), false);
            } finally {
                if (started) {
                    midRequest.decrementAndGet();
                }
            }
        }

        private void readChunked() throws IOException {
            while (true) {
                String sizeLine = line();
                if (sizeLine == null) {
                    throw new EOFException();
                }
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
                if (size == 0) {
                    for (String t = line(); t != null && !t.isEmpty(); t = line()) {
                        int colon = t.indexOf(':');
                        headers.add(Map.entry("trailer " + t.substring(0, colon).toLowerCase(Locale.ROOT), t.substring(colon + 1).strip()));
                    }
                    return;
                }
                copy(size);
                if (!"".equals(line())) {
                    throw new IOException("no CRLF after a chunk");
                }
            }
        }

        private void copy(long n) throws IOException {
            for (long i = 0; i < n; i++) {
                body.write(next());
            }
        }

        /** A line without its CRLF; null at the end of the stream before any byte of it. */
        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                int c = started ? in.read() : first();
                if (c < 0) {
                    if (!started) {
                        return null;
                    }
                    throw new EOFException();
                }
                if (c == '\n') {
                    int end = b.length() > 0 && b.charAt(b.length() - 1) == '\r' ? b.length() - 1 : b.length();
                    return b.substring(0, end);
                }
                b.append((char) c);
            }
        }

        private int first() throws IOException {
            int c = in.read();
            if (c >= 0) {
                started = true;
                midRequest.incrementAndGet();
            }
            return c;
        }

        private int next() throws IOException {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            return c;
        }
    }
}
