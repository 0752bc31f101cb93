package io.ganglion.examples.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A steady stream of {@code GET /} through the balancer's frontend: {@code workers} threads, each
 * sending one request after the other on kept-alive connections, paced so that together they send
 * {@code ratePerSecond}. A request fails when it gets no answer or an answer other than 200.
 *
 * <p><b>Threads.</b> The counters are {@link LongAdder}s written by the workers and summed by
 * {@link #tally()}; a tally taken while requests complete may be off by the requests in flight,
 * which the next tally includes. {@code lastFailure} is volatile: any worker writes it.
 */
final class LoadGenerator implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final ExecutorService clientThreads = Executors.newFixedThreadPool(2, daemon("demo-load-io"));
    private final List<Thread> workers = new ArrayList<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> served = new ConcurrentHashMap<>();
    private volatile String lastFailure = "";
    private volatile boolean running = true;

    LoadGenerator(URI target, int ratePerSecond, int workerCount) {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(clientThreads).build();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT).GET().build();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * workerCount / ratePerSecond;
        for (int i = 0; i < workerCount; i++) {
            Thread worker = new Thread(() -> send(request, periodNanos), "demo-load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    void start() {
        workers.forEach(Thread::start);
    }

    private void send(HttpRequest request, long periodNanos) {
        long next = System.nanoTime();
        while (running) {
            sent.increment();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    served.computeIfAbsent(response.body().strip(), name -> new LongAdder()).increment();
                } else {
                    fail("HTTP " + response.statusCode() + ": " + response.body().strip());
                }
            } catch (InterruptedException e) {
                if (running) {
                    fail("interrupted");
                }
                return;
            } catch (Exception e) {
                fail(e.toString());
            }
            // Pacing, not synchronisation: catch up after a slow answer, never run ahead of the rate.
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -TimeUnit.SECONDS.toNanos(1)) {
                next = System.nanoTime(); // far behind (a pause of the machine): do not burst to catch up
            }
        }
    }

    private void fail(String why) {
        failed.increment();
        lastFailure = why;
    }

    Tally tally() {
        Map<String, Long> counts = served.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()));
        return new Tally(sent.sum(), failed.sum(), counts);
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Stops sending; a request in flight is let finish (up to its timeout) so it is counted. */
    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(REQUEST_TIMEOUT.plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        clientThreads.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
