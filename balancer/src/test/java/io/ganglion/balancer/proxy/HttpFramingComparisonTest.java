package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.proxy.FramingCases.FramingCase;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends every case of {@link FramingCases} to the real HAProxy 2.6 and to the bundled balancer,
 * configured alike, each in front of its own {@link RecordingHttpServer}, and compares what the
 * client got (status lines, or bytes that are not HTTP/1) and what the server received (request
 * lines, framing, bodies). Ganglion must do the same as HAProxy, or be stricter where the case says
 * so. The outcomes are written to {@code target/http-framing-comparison.md}; the README shows them.
 * Skipped when {@code /usr/sbin/haproxy} is absent (failed under {@code CI=true}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpFramingComparisonTest {
    /**
     * What the client got and what the server received: in full (compared: error pages, bodies,
     * fields), and in brief (for the table: statuses, request lines and framing).
     */
    private record Outcome(String client, String server, String clientBrief, String serverBrief) {
        boolean same(Outcome o) {
            return client.equals(o.client) && server.equals(o.server);
        }
    }

    private final Map<String, Outcome[]> outcomes = new ConcurrentHashMap<>();
    private FramingPair pair;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        pair = FramingPair.start(directory);
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
            writeTable();
        }
    }

    List<FramingCase> cases() {
        return FramingCases.all();
    }

    @ParameterizedTest
    @Order(1)
    @MethodSource("cases")
    void sameOutcomeAsHaproxy(FramingCase c) throws Exception {
        CompletableFuture<Outcome> haproxyOutcome = CompletableFuture.supplyAsync(() -> outcome(pair.haproxyPort, pair.behindHaproxy, c.bytes()));
        Outcome mine = outcome(pair.ganglion.port(), pair.behindGanglion, c.bytes());
        Outcome theirs = haproxyOutcome.get(30, TimeUnit.SECONDS);
        outcomes.put(c.name(), new Outcome[] {theirs, mine});

        if (c.stricter() == null) {
            assertThat(mine.client() + " | " + mine.server()).isEqualTo(theirs.client() + " | " + theirs.server());
        } else {
            // Stricter, never looser: an error for the client, and the server received no more
            // than HAProxy's did (the same requests, or the first of them, or none).
            assertThat(mine.clientBrief()).as("stricter than HAProxy: refused").matches("(.*, )?[45]\\d\\d");
            assertThat(theirs.server()).as("what reached the server").startsWith(mine.server());
        }
    }

    /** What the client got and what the server received, for one case's bytes on a fresh connection. */
    private static Outcome outcome(int port, RecordingHttpServer server, String bytes) {
        try {
            String answer = RawHttp.exchange("127.0.0.1", port, bytes);
            List<RecordingHttpServer.Received> received = server.settle(port);
            List<String> brief = received.stream().map(r -> visible((r.complete() ? "" : "part of ") + r.requestLine())
                    + (r.framing().equals("none") ? "" : " (" + r.framing() + ")")).toList();
            return new Outcome(ClientAnswers.statusesAndPages(answer),
                    received.stream().map(HttpFramingComparisonTest::describe).collect(Collectors.joining(" + ")),
                    ClientAnswers.statuses(answer), brief.isEmpty() ? "nothing" : String.join(", ", brief));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A received request, with what the two proxies must agree on: request line, framing, body,
     * and the other fields (trailers included). Left out: {@code Connection}, which belongs to each
     * proxy's own server connection (HAProxy adds {@code keep-alive} to an HTTP/1.0 request and
     * keeps the names a client's one listed), and the length of a run of spaces in a value (an
     * obs-fold becomes as many spaces in HAProxy, one in Netty: RFC 9112 5.2 allows both).
     */
    private static String describe(RecordingHttpServer.Received r) {
        String body = r.body().isEmpty() ? "" : " '" + r.body() + "'";
        String fields = r.headers().stream().filter(h -> !h.getKey().equals("connection") && !isFraming(h.getKey()))
                .map(h -> h.getKey() + ": " + h.getValue().replaceAll("[ \t]+", " ")).collect(Collectors.joining(", "));
        return visible((r.complete() ? "" : "PART OF ") + r.requestLine() + " [" + r.framing() + "]" + body
                + (fields.isEmpty() ? "" : " {" + fields + "}"));
    }

    private static boolean isFraming(String name) {
        return name.equals("content-length") || name.equals("transfer-encoding");
    }

    /** Control bytes written out, so that the table shows them. */
    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The README shows the table this test measured. Run after every case; when one was left out
     * (a single case run from an IDE), there is no whole table to compare.
     */
    @Test
    @Order(2)
    void theReadmeHasTheTableMeasuredHere() throws IOException {
        Assumptions.assumeTrue(outcomes.size() == FramingCases.all().size(), "not every case ran");
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(table().lines().filter(row -> !readme.contains(row + "\n")).toList())
                .as("rows missing from README.md's 'HTTP framing, compared with HAProxy 2.6': see target/http-framing-comparison.md")
                .isEmpty();
    }

    private void writeTable() throws IOException {
        Path out = Path.of("target", "http-framing-comparison.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table());
    }

    /** The comparison as a Markdown table, for the README. */
    private String table() {
        StringBuilder table = new StringBuilder("| case | HAProxy 2.6: the client gets | the server receives | Ganglion |\n|---|---|---|---|\n");
        for (FramingCase c : FramingCases.all()) {
            Outcome[] o = outcomes.get(c.name());
            if (o == null) {
                continue;
            }
            String mine = o[1].same(o[0]) ? "the same"
                    : o[1].clientBrief() + "; " + o[1].serverBrief() + (c.stricter() == null ? " **DIFFERS**" : ": stricter, " + c.stricter());
            table.append("| ").append(cell(c.name())).append(" | ").append(cell(o[0].clientBrief())).append(" | ")
                    .append(cell(o[0].serverBrief())).append(" | ").append(cell(mine)).append(" |\n");
        }
        return table.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
