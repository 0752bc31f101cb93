package io.ganglion.agent.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady HTTP load through a balancer's frontend: 32 clients (headroom for a busy machine), each paced to its share
 * of {@code perSecond}. Bounded: it stops by itself after {@code MAX_RUN} even if never closed.
 * Every answer that is not a 200, and every exception, is a failure, kept with its reason.
 */
final class Load implements AutoCloseable {

    private static final Duration MAX_RUN = Duration.ofMinutes(5);

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private volatile boolean running = true;

    private Load(int frontendPort, int perSecond, int threadCount) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + "/"))
                .timeout(Duration.ofSeconds(20)).build();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threadCount / perSecond;
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(() -> drive(client, request, intervalNanos), "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    static Load start(int frontendPort, int perSecond) {
        return new Load(frontendPort, perSecond, 32);
    }

    private void drive(HttpClient client, HttpRequest request, long intervalNanos) {
        long next = System.nanoTime();
        long deadline = startedNanos + MAX_RUN.toNanos();
        while (running && System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    fail("status " + response.statusCode() + ": " + response.body().strip());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                fail(e.toString());
            }
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing, not synchronisation
            }
        }
    }

    private void fail(String reason) {
        failed.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(reason);
        }
    }

    long ok() {
        return ok.get();
    }

    long failed() {
        return failed.get();
    }

    long total() {
        return ok.get() + failed.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code more} further requests have been answered (or failed). */
    void awaitMore(long more) {
        awaitTotal(total() + more);
    }

    void awaitTotal(long wanted) {
        org.awaitility.Awaitility.await().atMost(E2e.GENEROUS).until(() -> total() >= wanted);
    }

    /** Requests per second since the start. */
    double rate() {
        return total() / ((System.nanoTime() - startedNanos) / 1e9);
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
