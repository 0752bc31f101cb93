package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.proxy.FramingCases.FramingCase;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the real HAProxy 2.6 and the bundled balancer, configured alike, the same malformed
 * requests and responses (every case of {@link FramingCases}, and a few that exercise the dump's
 * escapes and line wrapping), then asks both {@code show errors} for the proxy that refused it:
 * where HAProxy captured the message, Ganglion's answer must be the same after masking what varies
 * from run to run (dates, the client's port, event numbers) and HAProxy's parser internals (the
 * buffer's wrap point, the H1 flag words). Where Ganglion refuses what HAProxy accepts (a case's
 * {@code stricter}), Ganglion captures it anyway; where both accept, neither captures. Then every
 * form of the command, and its levels, are compared the same way.
 * Skipped when {@code /usr/sbin/haproxy} is absent (failed under {@code CI=true}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShowErrorsComparisonTest {
    private static final Pattern TOTAL = Pattern.compile("^Total events captured on \\[[^]]*\\] : (\\d+)\n");
    private static final String HOST = "Host: x\r\n";
    private static final String BAD_STATUS = "HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n";
    private static final String BAD_TRAILER = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nBad Trailer\r\n\r\n";

    private FramingPair pair;
    private Path haproxySocket;
    private Path ganglionSocket;
    private int haproxyTotal;
    private int ganglionTotal;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        haproxySocket = directory.resolve("haproxy.sock");
        ganglionSocket = directory.resolve("ganglion.sock");
        pair = FramingPair.start(directory, statsSockets(haproxySocket), statsSockets(ganglionSocket),
                Map.of("bad-status", BAD_STATUS, "bad-trailer", BAD_TRAILER));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(haproxySocket));
    }

    /** An admin socket at {@code socket}, and operator and user ones next to it ({@link #atLevel}). */
    private static String statsSockets(Path socket) {
        return "    stats socket " + socket + " mode 600 level admin\n"
                + "    stats socket " + atLevel(socket, "operator") + " mode 600 level operator\n"
                + "    stats socket " + atLevel(socket, "user") + " mode 600 level user\n";
    }

    private static Path atLevel(Path adminSocket, String level) {
        return adminSocket.resolveSibling(adminSocket.getFileName() + "." + level);
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /** The framing cases, and cases for the dump's layout: escapes, long lines, a bad status line. */
    List<FramingCase> cases() {
        List<FramingCase> cases = new ArrayList<>(FramingCases.all());
        cases.add(new FramingCase("escapes in a dump", "GET /a HTTP/1.1\r\n" + HOST + "X-E: \\\t\u007f\u0001\u001b\"'~"
                + "\u0001".repeat(30) + "b".repeat(10) + "\r\nBad\0Header\r\n\r\n", null));
        cases.add(new FramingCase("lines around the dump's width", "GET /a HTTP/1.1\r\n" + HOST + "X-E: " + "a".repeat(60)
                + "\r\nX-F: " + "b".repeat(63) + "\r\nX-G: " + "c".repeat(62) + "\r\nX-H: " + "d".repeat(64)
                + "\r\nBad Header\r\n\r\n", null));
        cases.add(new FramingCase("control byte in a header name", "GET /a HTTP/1.1\r\n" + HOST + "X\u0001A: b\r\n\r\n", null));
        cases.add(new FramingCase("bad second chunk size", "POST /a HTTP/1.1\r\n" + HOST
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n0\r\n\r\n", null));
        cases.add(new FramingCase("response with a bad status", "GET /respond/bad-status HTTP/1.1\r\n" + HOST + "\r\n", null));
        // Not a framing case: HAProxy's client gets a 502, Ganglion's none (its head went out with the first chunk; README)
        cases.add(new FramingCase("response trailer line without colon", "GET /respond/bad-trailer HTTP/1.1\r\n" + HOST + "\r\n", null));
        return cases;
    }

    @ParameterizedTest
    @Order(1)
    @MethodSource("cases")
    void sameCaptureAsHaproxy(FramingCase c) throws Exception {
        CompletableFuture<String> theirAnswer = CompletableFuture.supplyAsync(() -> exchange(pair.haproxyPort, c.bytes()));
        String ourAnswer = exchange(pair.ganglion.port(), c.bytes());
        theirAnswer.get(30, TimeUnit.SECONDS);
        String command = c.bytes().startsWith("GET /respond/") ? "show errors be response" : "show errors fe request";
        String theirs = StatsSocket.send(haproxySocket, command);
        String ours = StatsSocket.send(ganglionSocket, command);
        int theirTotal = total(theirs);
        int ourTotal = total(ours);
        boolean haproxyCaptured = theirTotal > haproxyTotal;
        boolean ganglionCaptured = ourTotal > ganglionTotal;
        haproxyTotal = theirTotal;
        ganglionTotal = ourTotal;

        if (haproxyCaptured) {
            assertThat(masked(ours)).isEqualTo(masked(theirs));
        } else if (c.stricter() != null && ourAnswer.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*")) {
            assertThat(ganglionCaptured).as("a message Ganglion refuses is captured, even where HAProxy accepts it").isTrue();
        } else {
            assertThat(ganglionCaptured).as("captured by neither: " + ourAnswer.lines().findFirst().orElse("")).isFalse();
        }
    }

    /**
     * After every case (the last request and the last response refused are the same on both:
     * the last cases are captured by both), each form of the command, on each level's socket.
     */
    @ParameterizedTest
    @Order(2)
    @CsvSource(delimiter = '|', value = {
        "show errors|admin", "show errors -1|admin", "show errors fe|admin", "show errors be|admin",
        "show errors 2|admin", "show errors 3|admin", "show errors 99|admin", "show errors nope|admin",
        "show errors fe request|admin", "show errors fe response|admin", "show errors be response|admin",
        "show errors be request|admin", "show errors -1 response|admin", "show errors fe foo|admin",
        "show errors 3abc|admin", "show errors|operator", "show errors|user", "show errors fe request|user"})
    void sameAnswerToEachFormAsHaproxy(String command, String level) throws Exception {
        Path theirSocket = level.equals("admin") ? haproxySocket : atLevel(haproxySocket, level);
        Path ourSocket = level.equals("admin") ? ganglionSocket : atLevel(ganglionSocket, level);

        assertThat(masked(StatsSocket.send(ourSocket, command))).isEqualTo(masked(StatsSocket.send(theirSocket, command)));
    }

    private static String exchange(int port, String bytes) {
        try {
            return RawHttp.exchange("127.0.0.1", port, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int total(String answer) {
        Matcher m = TOTAL.matcher(answer);
        assertThat(m.find()).as("a show errors answer: " + answer).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Without what varies from run to run or is internal to HAProxy's parser. */
    private static String masked(String answer) {
        return answer.replaceAll("\\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\]", "[date]")
                .replaceAll(" : \\d+\n", " : N\n")
                .replaceAll("event #\\d+, src ([0-9.]+):\\d+\n", "event #N, src $1:port\n")
                .replaceAll("wraps at \\d+", "wraps at W")
                .replaceAll("flags 0x[0-9a-f]{8}", "flags F");
    }
}
