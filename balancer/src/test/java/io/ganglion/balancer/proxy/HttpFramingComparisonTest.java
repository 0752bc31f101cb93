package io.ganglion.balancer.proxy;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.proxy.FramingCases.FramingCase;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.RunningBalancer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sends every case of {@link FramingCases} to the real HAProxy 2.6 and to the bundled balancer,
 * configured alike, each in front of its own {@link RecordingHttpServer}, and compares what the
 * client got (status lines, or bytes that are not HTTP/1) and what the server received (request
 * lines, framing, bodies). Ganglion must do the same as HAProxy, or be stricter where the case says
 * so. The outcomes are written to {@code target/http-framing-comparison.md}, the README's table.
 * Skipped when {@code /usr/sbin/haproxy} is absent (failed under {@code CI=true}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpFramingComparisonTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /**
     * Both proxies close an idle kept-alive connection after this long: a client reads until the
     * close and so has every answer, whatever number of requests a case holds. One event loop on
     * both sides, so that the marker request after a case is handled after everything of the case.
     */
    private static final String CONFIG = """
            global
                nbthread 1
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
                timeout http-request 2s
                timeout http-keep-alive 100ms
            frontend fe
                bind 127.0.0.1:%s
                default_backend be
            backend be
                server s1 127.0.0.1:%s
            """;

    private final Map<String, String[]> outcomes = new ConcurrentHashMap<>();
    private Process haproxy;
    private int haproxyPort;
    private RecordingHttpServer behindHaproxy;
    private RecordingHttpServer behindGanglion;
    private RunningBalancer ganglion;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        require(Files.isExecutable(HAPROXY), "HAProxy is not installed: skipping (apt-get install haproxy)");
        behindHaproxy = withCannedResponses(new RecordingHttpServer());
        behindGanglion = withCannedResponses(new RecordingHttpServer());
        haproxyPort = Ports.free();
        Path config = directory.resolve("haproxy.cfg");
        Files.writeString(config, CONFIG.formatted(haproxyPort, behindHaproxy.port()));
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-f", config.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
        ganglion = RunningBalancer.start(CONFIG.formatted("${PORT}", behindGanglion.port()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            new Socket("127.0.0.1", haproxyPort).close();
            return true;
        });
    }

    private static RecordingHttpServer withCannedResponses(RecordingHttpServer server) {
        FramingCases.RESPONSES.forEach(r -> server.cannedResponse(r.name(), r.bytes()));
        return server;
    }

    @AfterAll
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(30, TimeUnit.SECONDS);
        }
        if (ganglion != null) {
            ganglion.close();
        }
        if (behindHaproxy != null) {
            behindHaproxy.close();
            behindGanglion.close();
            writeTable();
        }
    }

    List<FramingCase> cases() {
        return FramingCases.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameOutcomeAsHaproxy(FramingCase c) throws Exception {
        CompletableFuture<String> theirs = CompletableFuture.supplyAsync(() -> outcome(haproxyPort, behindHaproxy, c.bytes()));
        String mine = outcome(ganglion.port(), behindGanglion, c.bytes());
        outcomes.put(c.name(), new String[] {theirs.get(30, TimeUnit.SECONDS), mine});
        System.out.println(c.name() + "\n  H " + theirs.get() + "\n  G " + mine);

        if (c.stricter() == null) {
            assertThat(mine).isEqualTo(theirs.get());
        } else {
            assertThat(mine).as("stricter than HAProxy: refused, and nothing reaches the server")
                    .startsWith("400 |").endsWith("| -");
        }
    }

    /** What the client got and what the server received, for one case's bytes on a fresh connection. */
    private static String outcome(int port, RecordingHttpServer server, String bytes) {
        try {
            String answer = RawHttp.exchange("127.0.0.1", port, bytes);
            List<String> requests = server.settle(port).stream().map(HttpFramingComparisonTest::describe).toList();
            return ClientAnswers.statuses(answer) + " | " + (requests.isEmpty() ? "-" : String.join(" + ", requests));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A received request, with only what the two proxies must agree on. */
    private static String describe(RecordingHttpServer.Received r) {
        String body = r.body().isEmpty() ? "" : " '" + r.body().replace("\r\n", "\\r\\n") + "'";
        return (r.complete() ? "" : "PART OF ") + r.requestLine() + " [" + r.framing() + "]" + body;
    }

    /** The comparison as a Markdown table, for the README. */
    private void writeTable() throws IOException {
        StringBuilder table = new StringBuilder("| case | HAProxy 2.6 | Ganglion |\n|---|---|---|\n");
        for (FramingCase c : FramingCases.all()) {
            String[] o = outcomes.get(c.name());
            if (o == null) {
                continue;
            }
            String mine = o[1].equals(o[0]) ? "same" : o[1] + (c.stricter() == null ? " **DIFFERS**" : " (stricter: " + c.stricter() + ")");
            table.append("| ").append(c.name()).append(" | ").append(cell(o[0])).append(" | ").append(cell(mine)).append(" |\n");
        }
        Path out = Path.of("target", "http-framing-comparison.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
