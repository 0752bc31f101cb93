package io.ganglion.examples.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.StatRow;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;

/**
 * An example is ready when its balancer reports every server it should have, UP (their first
 * health checks passed, the registry's instances joined), and its frontend answers 200: what its
 * user sees first is then a working example, not servers still coming up.
 */
final class Readiness {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private Readiness() {
    }

    /** True when ready, false when {@code stop} came first; an exception when it is not ready in time. */
    static boolean await(Started started, CountDownLatch stop) throws Exception {
        RuntimeClient socket = new RuntimeClient(new UnixSocketEndpoint(started.socket()),
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (allUp(socket.showStat(), started.servers()) && answers(client, started.frontend())) {
                    return true;
                }
            } catch (Exception e) {
                // not listening yet, or not answering yet: the next poll tells
            }
            // Polling the example's own socket and frontend, as its user would; a stop ends the wait.
            if (stop.await(POLL.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        throw new IllegalStateException("not every server of " + started.servers().keySet() + " was UP and answering through "
                + started.frontend() + " within " + WITHIN.toSeconds() + "s");
    }

    static boolean allUp(List<StatRow> rows, Map<String, Integer> expected) {
        for (Map.Entry<String, Integer> backend : expected.entrySet()) {
            List<StatRow> servers = rows.stream()
                    .filter(row -> row.type() == StatRow.Type.SERVER && row.pxname().equals(backend.getKey())).toList();
            if (servers.size() < backend.getValue() || !servers.stream().allMatch(row -> row.status().equals("UP"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean answers(HttpClient client, URI frontend) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(frontend).timeout(Duration.ofSeconds(2)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }
}
