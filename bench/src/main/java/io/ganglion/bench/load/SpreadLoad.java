package io.ganglion.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 load from many client addresses, which wrk cannot do: each connection is bound to the
 * next address of {@code 127.1.0.0} onwards (all of {@code 127.0.0.0/8} reaches the loopback on
 * Linux), sends {@code perConnection} kept-alive requests, then closes; {@code workers} threads
 * run connections back to back for the duration. Every request's latency goes into a histogram.
 *
 * <p>A plain blocking client: a failed request (refused, reset, cut, a status other than 2xx)
 * ends the run with an exception, as wrk's errors end a measured run in this harness.
 *
 * <p><b>Threads.</b> Each worker owns its socket and its histogram; the address counter is shared.
 */
public final class SpreadLoad {
    private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(10).toMillis();
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private SpreadLoad() {
    }

    /** What a run measured. */
    public record Result(long requests, double seconds, LatencyHistogram latencies) {
        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /**
     * Runs the load against {@code 127.0.0.1:port}.
     *
     * @param addresses     how many distinct client addresses the connections take in turn
     * @param perConnection requests on each connection before it closes
     */
    public static Result run(int port, int workers, int addresses, int perConnection, Duration duration) {
        AtomicInteger next = new AtomicInteger();
        long end = System.nanoTime() + duration.toNanos();
        List<Worker> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < workers; i++) {
            Worker w = new Worker(port, addresses, perConnection, next, end);
            all.add(w);
            w.thread.start();
        }
        LatencyHistogram total = new LatencyHistogram();
        long requests = 0;
        for (Worker w : all) {
            try {
                w.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (w.failure != null) {
                throw new IllegalStateException("client load through 127.0.0.1:" + port + ": " + w.failure.getMessage(),
                        w.failure);
            }
            total.addAll(w.latencies);
            requests += w.requests;
        }
        return new Result(requests, (System.nanoTime() - start) / 1e9, total);
    }

    /** {@code 127.1.0.0} + i: distinct for up to 16 million addresses. */
    static InetAddress address(int i) {
        int a = 0x7f010000 + i;
        byte[] b = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class Worker implements Runnable {
        private final Thread thread = new Thread(this, "spread-load");
        private final InetSocketAddress target;
        private final int addresses;
        private final int perConnection;
        private final AtomicInteger next;
        private final long endNanos;
        private final LatencyHistogram latencies = new LatencyHistogram();
        private final byte[] buffer = new byte[8192];
        private long requests;
        private Exception failure;

        Worker(int port, int addresses, int perConnection, AtomicInteger next, long endNanos) {
            this.target = new InetSocketAddress("127.0.0.1", port);
            this.addresses = addresses;
            this.perConnection = perConnection;
            this.next = next;
            this.endNanos = endNanos;
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < endNanos) {
                    connection(address(Math.floorMod(next.getAndIncrement(), addresses)));
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }

        private void connection(InetAddress from) throws IOException {
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(TIMEOUT_MILLIS);
                s.bind(new InetSocketAddress(from, 0));
                s.connect(target, TIMEOUT_MILLIS);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream(), buffer.length);
                for (int i = 0; i < perConnection && System.nanoTime() < endNanos; i++) {
                    long started = System.nanoTime();
                    out.write(REQUEST);
                    out.flush();
                    readResponse(in);
                    latencies.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started));
                    requests++;
                }
            }
        }

        /** Reads one response with a Content-Length body; refuses anything but a 2xx. */
        private void readResponse(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder(256);
            int c;
            while ((c = in.read()) >= 0) {
                head.append((char) c);
                int n = head.length();
                if (n >= 4 && head.charAt(n - 1) == '\n' && head.charAt(n - 2) == '\r' && head.charAt(n - 3) == '\n') {
                    break;
                }
            }
            if (c < 0) {
                throw new IOException("connection closed before a whole response");
            }
            if (head.length() < 12 || head.charAt(9) != '2') {
                throw new IOException("answered " + head.toString().lines().findFirst().orElse(""));
            }
            long length = contentLength(head);
            for (long left = length; left > 0; ) {
                int k = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (k < 0) {
                    throw new IOException("connection closed in a response body");
                }
                left -= k;
            }
        }

        private static long contentLength(CharSequence head) throws IOException {
            for (String line : head.toString().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    return Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            throw new IOException("a response without Content-Length");
        }
    }
}
