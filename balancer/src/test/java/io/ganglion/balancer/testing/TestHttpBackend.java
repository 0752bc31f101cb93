package io.ganglion.balancer.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP/1.1 server (the JDK's) standing in for an application instance. It answers:
 * <ul>
 * <li>{@code GET /} and anything else: its name as the body;</li>
 * <li>{@code /slow?ms=N}: the same after N milliseconds ({@code /slow}: 100 ms, or as set with
 * {@link #slowDefaultMillis(int)});</li>
 * <li>{@code /bytes?n=N}: N bytes, chunked;</li>
 * <li>{@code POST /upload}: reads the body, answers its length and SHA-256;</li>
 * <li>{@code /health}: 200, or the status set with {@link #healthStatus(int)}.</li>
 * </ul>
 * It counts requests, remembers the {@code X-Req-Id} of each, the client ports it saw (connection
 * reuse) and the requests in progress; it can be stopped and started again on the same port.
 */
public final class TestHttpBackend implements AutoCloseable {
    static {
        // Without it the JDK server's header and body writes meet the client's delayed ACK: 40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String name;
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger healthStatus = new AtomicInteger(200);
    private final AtomicInteger healthChecks = new AtomicInteger();
    private final AtomicInteger delayMillis = new AtomicInteger();
    private final AtomicInteger slowDefaultMillis = new AtomicInteger(100);
    /** While set, ordinary requests wait on it: a test decides when they are answered. */
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
    private final AtomicInteger heldRequests = new AtomicInteger();
    private final Set<String> requestIds = ConcurrentHashMap.newKeySet();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private volatile String lastRequestLine;
    private final AtomicReference<HttpServer> server = new AtomicReference<>();
    private ExecutorService executor;

    public TestHttpBackend(String name) {
        this(name, Ports.free());
    }

    public TestHttpBackend(String name, int port) {
        this.name = name;
        this.port = port;
        start();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public int requests() {
        return requests.get();
    }

    /** Ordinary requests being answered now (health checks are not counted). */
    public int inFlight() {
        return inFlight.get();
    }

    public Set<String> requestIds() {
        return requestIds;
    }

    public Set<Integer> clientPorts() {
        return clientPorts;
    }

    /** The headers of the last request, names lower-cased. */
    /** The method and target of the last request ({@code GET /a?b=1}), as the server read them. */
    public String lastRequestLine() {
        return lastRequestLine;
    }

    public Map<String, String> lastHeaders() {
        return lastHeaders;
    }

    /** Health requests received ({@code /health}). */
    public int healthChecks() {
        return healthChecks.get();
    }

    /** Every ordinary request waits this long before answering. */
    public void delayMillis(int ms) {
        delayMillis.set(ms);
    }

    /**
     * Ordinary requests arriving from now on wait until {@link #releaseHeldRequests()}: a request
     * stays in flight exactly as long as a test needs, with no timing to guess.
     */
    public void holdRequests() {
        hold.set(new CountDownLatch(1));
    }

    /** Ordinary requests waiting for {@link #releaseHeldRequests()} now (health checks are never held). */
    public int heldRequests() {
        return heldRequests.get();
    }

    /** Answers the held requests, and lets the next ones through at once. */
    public void releaseHeldRequests() {
        CountDownLatch released = hold.getAndSet(null);
        if (released != null) {
            released.countDown();
        }
    }

    /** How long {@code /slow} without {@code ms} takes (the captures' {@code /slow} took 25 s). */
    public void slowDefaultMillis(int ms) {
        slowDefaultMillis.set(ms);
    }

    public void healthStatus(int status) {
        healthStatus.set(status);
    }

    public void resetCounts() {
        requests.set(0);
        requestIds.clear();
        clientPorts.clear();
    }

    public synchronized void start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "backend-" + name);
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(executor);
            s.createContext("/", this::handle);
            s.start();
            server.set(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops at once: the port refuses connections and open connections are cut. */
    public synchronized void stop() {
        HttpServer s = server.getAndSet(null);
        if (s != null) {
            s.stop(0);
            executor.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String path = uri.getPath();
        if (path.equals("/health")) {
            // Not in flight: a test waiting for its request to be at the server must not see a check instead.
            try (ex) {
                healthChecks.incrementAndGet();
                respond(ex, healthStatus.get(), "health of " + name);
            }
            return;
        }
        inFlight.incrementAndGet();
        boolean counted = true; // in flight until the answer starts (see leaveFlight), or until the end
        try {
            requests.incrementAndGet();
            clientPorts.add(ex.getRemoteAddress().getPort());
            String id = ex.getRequestHeaders().getFirst("X-Req-Id");
            if (id != null) {
                requestIds.add(id);
            }
            lastRequestLine = ex.getRequestMethod() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            lastHeaders.clear();
            ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), String.join(",", v)));
            Map<String, String> query = Query.parse(uri.getRawQuery());
            CountDownLatch held = hold.get();
            if (held != null) {
                heldRequests.incrementAndGet();
                try {
                    awaitRelease(held);
                } finally {
                    heldRequests.decrementAndGet();
                }
            }
            if (delayMillis.get() > 0) {
                sleep(delayMillis.get());
            }
            switch (path) {
                case "/slow" -> {
                    sleep(query.containsKey("ms") ? Long.parseLong(query.get("ms")) : slowDefaultMillis.get());
                    counted = leaveFlight();
                    respond(ex, 200, name);
                }
                case "/bytes" -> streamBytes(ex, Long.parseLong(query.get("n")));
                case "/upload" -> upload(ex);
                default -> {
                    counted = leaveFlight();
                    respond(ex, 200, name);
                }
            }
        } catch (RuntimeException e) {
            respond(ex, 500, e.toString());
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
            ex.close();
        }
    }

    /**
     * Out of flight before the answer's bytes leave: the balancer may send this server the next
     * request as soon as it has read this answer, and that request must not find this one still
     * counted (with {@code maxconn 2}, a third request seemed in flight once, in CI, when the
     * answer's thread had not yet reached its {@code finally}). Returns false: no longer counted.
     */
    private boolean leaveFlight() {
        inFlight.decrementAndGet();
        return false;
    }

    private static void awaitRelease(CountDownLatch held) {
        try {
            if (!held.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a held request was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // the backend's own simulated work, not test synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void streamBytes(HttpExchange ex, long n) throws IOException {
        ex.sendResponseHeaders(200, 0); // 0 = chunked
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        try (OutputStream out = ex.getResponseBody()) {
            long left = n;
            while (left > 0) {
                int k = (int) Math.min(block.length, left);
                out.write(block, 0, k);
                left -= k;
            }
        }
    }

    private static void upload(HttpExchange ex) throws IOException {
        MessageDigest sha = sha256();
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = ex.getRequestBody()) {
            int k;
            while ((k = in.read(buf)) > 0) {
                sha.update(buf, 0, k);
                total += k;
            }
        }
        respond(ex, 200, total + " " + HexFormat.of().formatHex(sha.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
