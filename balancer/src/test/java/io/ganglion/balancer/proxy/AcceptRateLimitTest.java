package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process-wide accept rate limits in traffic: a burst of connections opened at once is
 * accepted at about the limit's rate, the rest waiting in the kernel's backlog (none refused).
 * When each connection is accepted is measured on the client side, by when its answer arrives:
 * the request is written at once and waits, unread, until the balancer accepts the connection.
 * Each case runs on io_uring (the default) and on epoll (where io_uring is not allowed): the two
 * pause a listener differently (see {@link Transport}).
 */
@Tag("serial") // alone after the parallel classes: sessions counted per second of the clock
class AcceptRateLimitTest {
    private static final int LIMIT = 40;
    private static final int BURST = 100;
    /** Event loops, each accepting on a listening socket of its own. */
    private static final int LOOPS = 2;

    @TempDir
    Path directory;
    private TestHttpBackend server;
    private RunningBalancer balancer;
    private ExecutorService readers;

    @BeforeEach
    void backend() {
        server = new TestHttpBackend("s1");
        readers = Executors.newFixedThreadPool(BURST);
    }

    @AfterEach
    void stop() {
        readers.shutdownNow();
        if (balancer != null) {
            balancer.close();
        }
        server.close();
    }

    private Path start(String transport, String globalLines) throws Exception {
        Path socket = directory.resolve("admin.sock");
        balancer = RunningBalancer.startOn(transport, "global\n    nbthread " + LOOPS + "\n    stats socket " + socket
                + " level admin\n" + globalLines + RunningBalancer.httpTopology("", "    server s1 127.0.0.1:" + server.port() + "\n"));
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll"})
    void maxconnrateSpreadsABurstOverTime(String transport) throws Exception {
        start(transport, "    maxconnrate " + LIMIT + "\n");

        assertAcceptedAtTheLimitsRate(burst(BURST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll"})
    void setRateLimitSessionsGlobalSpreadsABurstOverTime(String transport) throws Exception {
        Path socket = start(transport, "");
        assertThat(StatsSocket.send(socket, "set rate-limit sessions global " + LIMIT)).isEqualTo("\n");

        assertAcceptedAtTheLimitsRate(burst(BURST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll"})
    void removingTheLimitResumesTheWaitingConnectionsAtOnce(String transport) throws Exception {
        Path socket = start(transport, "    maxsessrate 5\n");
        ConcurrentLinkedQueue<Long> answered = burst(60);
        await().atMost(Duration.ofSeconds(5)).until(() -> answered.size() >= 5);
        // The first period lets 5 through. Beyond them: an accept each loop's listener already had
        // on its way when the limit was reached, and one more if a period ended before the await
        // looked (it looks every 100 ms). When a loop resumed the listener it had just paused,
        // before the accept loop had seen the limit, 10 to 16 came through here.
        assertThat(answered.size()).as("accepted in the first moments at 5 per second").isLessThanOrEqualTo(5 + LOOPS + 1);

        assertThat(StatsSocket.send(socket, "set rate-limit connections global 0; set rate-limit sessions global 0"))
                .isEqualTo("\n\n");

        // At 5 a second the rest would take 10 s more.
        await().atMost(Duration.ofSeconds(2)).until(() -> answered.size() == 60);
    }

    /**
     * Opens {@code count} connections at once, each with a request written, and returns the
     * nanoTime at which each answer arrives (filled as they arrive).
     */
    private ConcurrentLinkedQueue<Long> burst(int count) throws IOException {
        ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
        byte[] request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            Socket s = new Socket("127.0.0.1", balancer.port());
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            readers.execute(() -> {
                try (s; InputStream in = s.getInputStream()) {
                    byte[] head = in.readNBytes(12);
                    if (new String(head, StandardCharsets.US_ASCII).equals("HTTP/1.1 200")) {
                        answered.add(System.nanoTime());
                    }
                } catch (IOException e) {
                    // not counted: the assertion on the number answered says it
                }
            });
        }
        return answered;
    }

    /**
     * With a limit of N per second and the sliding one-second estimate HAProxy uses, a burst gets N
     * at once, then N per second evenly: over any second at most about 2N (N of the period before,
     * N spread over this one), and the whole burst of B takes at least (B - 2N) / N seconds. Without
     * a limit, the burst is answered within a few hundred milliseconds.
     */
    private void assertAcceptedAtTheLimitsRate(ConcurrentLinkedQueue<Long> answered) throws InterruptedException {
        await().atMost(Duration.ofSeconds(15)).until(() -> answered.size() == BURST);
        readers.shutdown();
        assertThat(readers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        List<Long> millis = new ArrayList<>();
        long first = answered.stream().mapToLong(Long::longValue).min().orElseThrow();
        answered.forEach(t -> millis.add(TimeUnit.NANOSECONDS.toMillis(t - first)));
        millis.sort(null);

        long span = millis.get(millis.size() - 1);
        assertThat(span).as("time from the first answer to the last (ms)")
                .isGreaterThanOrEqualTo((BURST - 2L * LIMIT) * 1000 / LIMIT);
        for (int i = 0; i < millis.size(); i++) {
            long from = millis.get(i);
            long inOneSecond = millis.stream().filter(t -> t >= from && t < from + 1000).count();
            assertThat(inOneSecond).as("answers in the second from %d ms", from).isLessThanOrEqualTo(2L * LIMIT + 5);
        }
    }
}
