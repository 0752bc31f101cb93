package io.ganglion.balancer.process;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive HTTP load that counts the requests sent without an answer, as strictly as wrk: each
 * client sends its next request as soon as it has read a response, keeps its connection until the
 * balancer closes it (or, if asked, for a random number of requests up to a limit), then opens a
 * new one; it ends when a connection is refused (the listener is gone). Some clients write each
 * request in two pieces, some of them with Nagle's algorithm on, so that the second piece waits for
 * the first one's ACK and requests are often half arrived.
 *
 * <p>What counts as unanswered: a request written, wholly or partly, followed by an end of stream,
 * a reset or 10 s of silence before its whole response. Not counted: a connection the balancer
 * closed after a complete response and before the next request was written (seen by a
 * non-blocking read just before writing), and a connection refused.
 */
final class KeepAliveLoad implements AutoCloseable {
    private static final long READ_TIMEOUT_MILLIS = 10_000;
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: load\r\nUser-Agent: keep-alive-load\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress target;
    private final int maxRequestsPerConnection;
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger closedBeforeWrite = new AtomicInteger();
    private final AtomicInteger closeAnnounced = new AtomicInteger();
    private final Queue<String> unanswered = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    private KeepAliveLoad(InetSocketAddress target, int maxRequestsPerConnection) {
        this.target = target;
        this.maxRequestsPerConnection = maxRequestsPerConnection;
    }

    /** Starts {@code clients} clients against {@code 127.0.0.1:port}, each keeping its connection as long as it may. */
    static KeepAliveLoad start(int port, int clients) {
        return start(port, clients, Integer.MAX_VALUE);
    }

    /** The same, each client closing its connection after a random number of requests from 1 to {@code maxRequestsPerConnection}. */
    static KeepAliveLoad start(int port, int clients, int maxRequestsPerConnection) {
        KeepAliveLoad load = new KeepAliveLoad(new InetSocketAddress("127.0.0.1", port), maxRequestsPerConnection);
        for (int i = 0; i < clients; i++) {
            Style style = Style.values()[i % Style.values().length];
            Thread t = new Thread(() -> load.run(style), "load-" + i + "-" + style.name().toLowerCase(Locale.ROOT));
            t.setDaemon(true);
            load.clients.add(t);
            t.start();
        }
        return load;
    }

    /** How a client writes its requests. */
    private enum Style {
        WHOLE, SPLIT, SPLIT_NAGLE, WHOLE_AGAIN
    }

    int answered() {
        return answered.get();
    }

    /** Connections closed by the balancer between two requests, seen before the next one was written. */
    int closedBeforeWrite() {
        return closedBeforeWrite.get();
    }

    /** Responses that carried {@code Connection: close}. */
    int closeAnnounced() {
        return closeAnnounced.get();
    }

    /** One line per request sent without an answer (or per answer sent unasked): what the client saw. */
    List<String> unanswered() {
        return List.copyOf(unanswered);
    }

    /** True once every client has met a refused connection (or was stopped). */
    boolean ended() {
        return clients.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(READ_TIMEOUT_MILLIS / 1000 + 5));
        }
    }

    private void run(Style style) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            try (SocketChannel ch = SocketChannel.open(); Selector selector = Selector.open()) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, style != Style.SPLIT_NAGLE);
                try {
                    ch.connect(target);
                } catch (ConnectException refused) {
                    return; // the listener is closed: this client's part of the run is over
                }
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                int requests = maxRequestsPerConnection == Integer.MAX_VALUE ? Integer.MAX_VALUE
                        : 1 + random.nextInt(maxRequestsPerConnection);
                for (int i = 0; i < requests && running; i++) {
                    if (!exchange(ch, selector, style)) {
                        break;
                    }
                }
            } catch (IOException e) {
                unanswered.add("client error outside an exchange: " + e);
            }
        }
    }

    /** One request and its response; false when the connection cannot carry another request. */
    private boolean exchange(SocketChannel ch, Selector selector, Style style) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        int early;
        try {
            early = ch.read(in);
        } catch (IOException reset) {
            closedBeforeWrite.incrementAndGet();
            return false;
        }
        if (early < 0) {
            closedBeforeWrite.incrementAndGet();
            return false;
        }
        if (early > 0) {
            unanswered.add("bytes before any request: " + text(in));
            return false;
        }
        String written = "nothing";
        try {
            if (style == Style.SPLIT || style == Style.SPLIT_NAGLE) {
                int cut = 7 + ThreadLocalRandom.current().nextInt(REQUEST.length - 8);
                writeFully(ch, ByteBuffer.wrap(REQUEST, 0, cut));
                written = "part of it";
                writeFully(ch, ByteBuffer.wrap(REQUEST, cut, REQUEST.length - cut));
            } else {
                writeFully(ch, ByteBuffer.wrap(REQUEST));
            }
            written = "the request";
            Response r = readResponse(ch, selector, in);
            if (r == null) {
                unanswered.add("wrote " + written + ", then no answer within " + READ_TIMEOUT_MILLIS + " ms");
                return false;
            }
            if (!r.complete) {
                unanswered.add("wrote " + written + ", then the connection ended after "
                        + (r.head.isEmpty() ? "no response byte" : "a partial response: " + r.head));
                return false;
            }
            answered.incrementAndGet();
            if (r.close) {
                closeAnnounced.incrementAndGet();
            }
            return !r.close;
        } catch (IOException e) {
            unanswered.add("wrote " + written + ", then " + e);
            return false;
        }
    }

    private static void writeFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.write(buf) == 0) {
                Thread.onSpinWait(); // a few dozen bytes into an empty socket buffer: never waits in practice
            }
        }
    }

    /** A response as far as it was read. */
    private record Response(String head, boolean complete, boolean close) {
    }

    /** Reads one response; null on a timeout. */
    private static Response readResponse(SocketChannel ch, Selector selector, ByteBuffer in) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MILLIS);
        int headEnd = -1;
        long contentLength = -1;
        boolean close = false;
        String head = "";
        while (true) {
            int k = ch.read(in);
            if (k < 0) {
                // Without a Content-Length the body ends with the connection.
                boolean complete = headEnd >= 0 && contentLength < 0;
                return new Response(head.isEmpty() ? text(in) : head, complete, true);
            }
            if (k == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                continue;
            }
            if (headEnd < 0) {
                String s = text(in);
                headEnd = s.indexOf("\r\n\r\n");
                if (headEnd < 0) {
                    continue;
                }
                head = s.substring(0, headEnd);
                for (String line : head.split("\r\n")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        contentLength = Long.parseLong(lower.substring(15).trim());
                    } else if (lower.startsWith("connection:") && lower.contains("close")) {
                        close = true;
                    }
                }
            }
            if (contentLength >= 0 && in.position() >= headEnd + 4 + contentLength) {
                return new Response(head, true, close);
            }
        }
    }

    private static String text(ByteBuffer in) {
        return new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
    }
}
