package io.ganglion.registry.consul;

import com.ecwid.consul.transport.HttpResponse;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceSnapshot.Freshness;
import io.ganglion.registry.internal.Backoff;
import io.ganglion.registry.internal.DaemonThreads;
import io.ganglion.registry.internal.PublishingWatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking queries on {@code /v1/health/service/:service?passing}, one at a time, on one thread.
 *
 * <p>Threads: {@link #index}, {@link #backoff}, {@link #lastStart} and {@link #failing} are confined
 * to {@link #poller}, which runs one {@link #poll()} at a time (each poll schedules the next).
 */
final class ConsulHealthWatcher extends PublishingWatcher {

    private static final Logger log = LoggerFactory.getLogger(ConsulHealthWatcher.class);

    private final ConsulWatchOptions options;
    private final ConsulHttp http;
    private final ScheduledExecutorService poller;
    private final Backoff backoff;
    private long index; // poller
    private long lastStart; // poller, System.nanoTime() of the last query's start
    private boolean failing; // poller

    ConsulHealthWatcher(ConsulWatchOptions options) {
        super(options.service(), "Consul watcher for " + options.service());
        this.options = options;
        // Consul adds up to wait/16 of jitter to a blocking query; the margin covers a slow network.
        this.http = new ConsulHttp(options.connection(), options.waitTime().plus(options.waitTime().dividedBy(16)).plus(options.readMargin()));
        this.poller = DaemonThreads.single("ganglion-consul-watch-" + options.service());
        this.backoff = new Backoff(options.backoffInitial(), options.backoffMax(), RandomGenerator.getDefault());
    }

    @Override
    public void start() {
        lifecycle.start();
        schedule(Duration.ZERO);
    }

    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        poller.shutdownNow();
        try {
            http.close(); // aborts a blocking query in flight
        } catch (IOException e) {
            log.debug("Closing the Consul HTTP client: {}", e.toString());
        }
        publisher.close();
    }

    private void poll() {
        lastStart = System.nanoTime();
        try {
            HttpResponse response = http.get("/v1/health/service/" + ConsulHttp.pathSegment(options.service()), queryParameters());
            if (response.getStatusCode() != 200) {
                throw new ConsulAnswerException("HTTP " + response.getStatusCode() + " " + response.getStatusMessage()
                        + ": " + firstLine(response.getContent()));
            }
            HealthAnswer answer = HealthAnswer.parse(options.service(), response.getContent());
            long revision = response.getConsulIndex() == null ? 0 : response.getConsulIndex();
            index = BlockingIndex.next(index, response.getConsulIndex());
            publisher.publish(new ServiceSnapshot(options.service(), answer.endpoints(), revision, Freshness.FRESH, answer.skipped()));
            if (failing) {
                log.info("Service {}: Consul answers again", options.service());
                failing = false;
            }
            backoff.reset();
            schedule(untilMinimumInterval());
        } catch (RuntimeException | MalformedAnswerException | ConsulAnswerException e) {
            if (lifecycle.isClosed()) {
                return;
            }
            Duration delay = backoff.nextDelay();
            // Logged at WARN each time: silent staleness is what hurt Traefik and DPAPI users.
            log.warn("Service {}: Consul query failed ({}); keeping the last endpoints as stale, retrying in {} ms",
                    options.service(), e.getMessage(), delay.toMillis());
            failing = true;
            publisher.latest().ifPresent(last -> publisher.publish(last.asStale()));
            schedule(delay);
        }
    }

    private List<String> queryParameters() {
        List<String> parameters = new ArrayList<>();
        parameters.add("passing");
        parameters.add(ConsulHttp.param("index", Long.toString(index)));
        parameters.add(ConsulHttp.param("wait", options.waitTime().toMillis() + "ms"));
        options.tag().ifPresent(tag -> parameters.add(ConsulHttp.param("tag", tag)));
        options.datacenter().ifPresent(dc -> parameters.add(ConsulHttp.param("dc", dc)));
        return parameters;
    }

    /** Queries start at least minInterval apart, whatever Consul does: a bound on the request rate. */
    private Duration untilMinimumInterval() {
        long elapsed = System.nanoTime() - lastStart;
        return Duration.ofNanos(Math.max(0, options.minInterval().toNanos() - elapsed));
    }

    private void schedule(Duration delay) {
        try {
            poller.schedule(this::poll, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            log.debug("Service {}: watcher closed", options.service());
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** A non-200 answer. */
    static final class ConsulAnswerException extends Exception {
        ConsulAnswerException(String message) {
            super(message);
        }
    }
}
