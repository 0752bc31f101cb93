package io.ganglion.balancer.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady keep-alive traffic from a few threads until stopped. Every request carries a unique
 * {@code X-Req-Id}, so a test can tell which failed requests a backend had received.
 */
final class LoadGenerator implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger ok = new AtomicInteger();
    private final Map<String, Integer> byServer = new ConcurrentHashMap<>();
    private final List<String> failedIds = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, Long> failedStartNanos = new ConcurrentHashMap<>();

    LoadGenerator(URI uri, int parallel) {
        threads = Executors.newFixedThreadPool(parallel);
        for (int i = 0; i < parallel; i++) {
            threads.submit(() -> {
                while (running.get()) {
                    String id = "r" + ids.incrementAndGet();
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("X-Req-Id", id)
                                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            byServer.merge(r.body(), 1, Integer::sum);
                        } else {
                            failed(id, started, "status " + r.statusCode());
                        }
                    } catch (Exception e) {
                        failed(id, started, e.toString());
                    }
                }
                return null;
            });
        }
    }

    private void failed(String id, long startedNanos, String why) {
        failedStartNanos.put(id, startedNanos);
        failedIds.add(id);
        failures.add(id + ": " + why);
    }

    /** Failed requests that were sent at or after {@code nanos} (System.nanoTime()). */
    List<String> failuresStartedAfter(long nanos) {
        return failures.stream().filter(f -> failedStartNanos.get(f.substring(0, f.indexOf(':'))) >= nanos).toList();
    }

    int ok() {
        return ok.get();
    }

    /** Successful answers per server name (the backends answer their name). */
    Map<String, Integer> byServer() {
        return byServer;
    }

    List<String> failedIds() {
        return failedIds;
    }

    List<String> failures() {
        return failures;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }
}
