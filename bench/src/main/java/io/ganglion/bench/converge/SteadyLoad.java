package io.ganglion.bench.converge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady HTTP/1.1 load through a balancer's frontend while the registry changes, counting every
 * request that fails. {@value #KEEP_ALIVE_WORKERS} workers send on kept-alive connections and
 * {@value #CLOSE_WORKERS} open a new connection per request ({@code Connection: close}), all paced
 * to their share of the rate: the two ways a reload can break a request (a kept connection closed
 * under a client, a new connection reset in the old process's accept queue) both get their chance.
 *
 * <p>A plain blocking client, on purpose as strict as wrk: a failed request is a connection
 * refused or reset, a timeout, a connection closed before the whole response arrived (also on a
 * kept connection: no silent retry), or a status other than 2xx.
 *
 * <p><b>Threads.</b> Each worker owns its socket; counters are {@link LongAdder}s and a
 * concurrent map, read by the harness while the workers run.
 */
final class SteadyLoad implements AutoCloseable {
    static final int KEEP_ALIVE_WORKERS = 8;
    static final int CLOSE_WORKERS = 2;
    private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(10).toMillis();

    private final InetSocketAddress frontend;
    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    private SteadyLoad(int port, int perSecond) {
        frontend = new InetSocketAddress("127.0.0.1", port);
        int count = KEEP_ALIVE_WORKERS + CLOSE_WORKERS;
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * count / Math.max(1, perSecond);
        for (int i = 0; i < count; i++) {
            boolean keepAlive = i < KEEP_ALIVE_WORKERS;
            Thread worker = new Thread(() -> drive(keepAlive, periodNanos), "converge-load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    /** Starts {@code perSecond} requests per second in all to {@code 127.0.0.1:port}. */
    static SteadyLoad start(int port, int perSecond) {
        SteadyLoad load = new SteadyLoad(port, perSecond);
        load.workers.forEach(Thread::start);
        return load;
    }

    private void drive(boolean keepAlive, long periodNanos) {
        byte[] request = ("GET / HTTP/1.1\r\nHost: converge\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Socket socket = null;
        long next = System.nanoTime();
        while (running) {
            try {
                if (socket == null) {
                    socket = connect();
                }
                boolean reusable = exchange(socket, request, keepAlive);
                if (!keepAlive || !reusable) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException e) {
                fail(e);
                closeQuietly(socket);
                socket = null;
            }
            // Pacing, not synchronisation: never run ahead of the rate; after a stall, do not burst.
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime();
            }
        }
        closeQuietly(socket);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.connect(frontend, TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IOException("connect: " + e.getMessage(), e);
        }
    }

    /**
     * Sends one request and reads its whole response; without keep-alive, also the balancer's
     * close, so that the TIME_WAIT stays on its side and the client's ports are not used up.
     *
     * @return whether the connection may carry another request
     */
    private boolean exchange(Socket socket, byte[] request, boolean keepAlive) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
        String status = line(in);
        if (status == null) {
            throw new IOException("closed before the response");
        }
        int contentLength = -1;
        boolean close = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (contentLength < 0) {
            throw new IOException("no content-length in '" + status + "'"); // the backends always send one
        }
        if (in.readNBytes(contentLength).length < contentLength) {
            throw new IOException("closed in the middle of the body");
        }
        if (!keepAlive && in.read() != -1) {
            throw new IOException("bytes after the response");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[1].startsWith("2")) {
            failed.increment();
            failures.computeIfAbsent("status " + (parts.length < 2 ? status : parts[1]), k -> new LongAdder()).increment();
            return false;
        }
        answered.increment();
        return !close;
    }

    /** One header line without its CRLF; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void fail(IOException e) {
        failed.increment();
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        failures.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken: nothing more to do with it
            }
        }
    }

    /** Requests answered with a 2xx so far. */
    long answered() {
        return answered.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** Failures by reason, for the console. */
    Map<String, Long> failures() {
        Map<String, Long> byReason = new TreeMap<>();
        failures.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return byReason;
    }

    /** Stops the workers; a request in flight is let finish (up to its timeout) so that it is counted. */
    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(TIMEOUT_MILLIS + 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
