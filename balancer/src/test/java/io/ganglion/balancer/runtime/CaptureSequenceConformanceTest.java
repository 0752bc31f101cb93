package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.CaptureLikeSetup;
import io.ganglion.balancer.testing.CaptureShell;
import io.ganglion.balancer.testing.OcspTestPki;
import io.ganglion.balancer.testing.RequiredTool;
import io.ganglion.balancer.testing.TestPki;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays, in the capture run's order, HAProxy 2.6.12's captured scenarios for servers, weights,
 * health, addresses, maxconn, frontends, dynamic servers, a malformed
 * request and {@code show errors}, clear counters, levels, prompt mode,
 * {@code ;}, empty lines and errors against the real balancer running the captures' own config
 * (what Ganglion does not have yet turned into comments; see {@link CaptureLikeSetup}), TLS
 * included (284-303: curl and openssl over {@code fe_tls}, {@code show tls-keys}, {@code set ssl tls-key}), and compares each answer with HAProxy's.
 *
 * <p>Only run-to-run values are masked ({@link RunToRunMask}); server ports are translated, since
 * our test servers listen on free ports instead of 18081..18083. Exchanges that use a command
 * Ganglion lacks are listed in {@link CaptureSequence#SKIPPED}. Two documented differences are
 * applied to HAProxy's bytes before comparing, each to be found in the README's compatibility
 * table: every answer ends with an empty line ({@link #withFinalBlankLine}), and {@code help}
 * and the "Unknown command" lists name only the commands Ganglion implements
 * ({@link #reducedToOurCommands}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureSequenceConformanceTest {
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);
    /** The capture run's shell commands to fe_tls, as its transcript gives them. */
    private static final String CURL_TLS = "curl -sk -w ' (%{http_code})\\n' https://127.0.0.1:18443/";
    private static final Map<Integer, String> SHELL_COMMANDS = Map.of(
            284, CURL_TLS,
            285, "echo | openssl s_client -connect 127.0.0.1:18443 -servername localhost -status 2>/dev/null"
                    + " | grep -E 'OCSP Response Status|Cert Status|This Update|Next Update|TLS session ticket lifetime|Protocol' ",
            303, CURL_TLS);
    /** The capture run's second OCSP response as 306 and 311 send it. */
    private static final String CAPTURE_SECOND_OCSP_RESPONSE =
            Base64.getEncoder().encodeToString(CaptureManifest.resourceBytes("conf/pki/second.ocsp.der"));
    private static final int[] CAPTURE_WEB_PORTS = {18081, 18082, 18083};
    private static final String SUGGESTIONS = UsageMessage.UNKNOWN_HEADER;
    /** Runs whose reply lists commands: {@code help}, an empty line, an unknown command. */
    private static final Set<String> COMMAND_LISTS = Set.of(UsageMessage.HELP_HEADER, UsageMessage.EMPTY_HEADER);

    private CaptureLikeSetup setup;
    private Map<String, SocketAddress> sockets;
    private RunToRunMask mask;
    private List<String> ourUsageLines;
    /** The client addresses {@link #requests} took so far. */
    private int clientsUsed;
    /** Captures whose HAProxy reply lacked the final empty line that ours has (reported at the end). */
    private final List<String> blankLineAdded = new ArrayList<>();
    /** The capture's two slow curls to {@code /slow}, held by their server until cut. */
    private Socket slowCurl1;
    private Socket slowCurl2;
    /** Stream ids ("pointers") of the capture and ours for the same streams, learned from {@code show sess}. */
    private final Map<String, String> streamIds = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        setup = CaptureLikeSetup.start().awaitChecked();
        sockets = Map.of("admin", UnixDomainSocketAddress.of(setup.adminSocket()),
                "user", UnixDomainSocketAddress.of(setup.userSocket()),
                "tcp", new InetSocketAddress("127.0.0.1", setup.tcpSocketPort()));
        Map<Integer, Integer> ports = new HashMap<>();
        for (int i = 0; i < CAPTURE_WEB_PORTS.length; i++) {
            ports.put(setup.webs().get(i).port(), CAPTURE_WEB_PORTS[i]);
        }
        mask = new RunToRunMask(CaptureManifest.exchange("021").haproxyReply(), ports);
        // As the capture run's /slow, which its server answered after 25 s.
        setup.webs().forEach(web -> web.slowDefaultMillis(25_000));
        ourUsageLines = SocketClient.socatExchange(sockets.get("admin"), "help\n").lines()
                .filter(line -> line.startsWith("  ")).toList();
    }

    @AfterAll
    void stop() throws IOException {
        for (Socket s : new Socket[] {slowCurl1, slowCurl2}) {
            if (s != null) {
                s.close();
            }
        }
        if (setup != null) {
            setup.close();
        }
    }

    @TestFactory
    List<DynamicTest> capturedScenariosInOrder() {
        List<DynamicTest> steps = new ArrayList<>();
        for (CaptureSequence.Range range : CaptureSequence.RANGES) {
            if (range.first() >= 284 && range.last() <= 311 && !TestPki.opensslPresent()) {
                // fe_tls runs without TLS: no certificate can be made (CaptureLikeSetup); failed in CI
                steps.add(DynamicTest.dynamicTest(range.scenario(), () -> RequiredTool.require(false,
                        "openssl is not installed: fe_tls runs without TLS")));
                continue;
            }
            for (int n = range.first(); n <= range.last(); n++) {
                String number = "%03d".formatted(n);
                trafficBefore(n).ifPresent(step -> steps.add(DynamicTest.dynamicTest(
                        range.scenario() + ": traffic before " + number, step::run)));
                if (CaptureSequence.SKIPPED.containsKey(n)) {
                    continue;
                }
                Optional<CaptureManifest.Exchange> exchange = CaptureManifest.find(number);
                if (exchange.isPresent()) {
                    int capture = n;
                    steps.add(DynamicTest.dynamicTest(range.scenario() + ": " + exchange.get().file(),
                            () -> replay(capture, exchange.get())));
                } else {
                    traffic(n).ifPresent(step -> steps.add(DynamicTest.dynamicTest(
                            range.scenario() + ": traffic " + number, step::run)));
                }
            }
        }
        return steps;
    }

    @Test
    void theSkippedExchangesAreExactlyThoseOfUnimplementedCommands() {
        assertThat(CaptureSequence.SKIPPED.keySet()).allSatisfy(n ->
                assertThat(CaptureManifest.find("%03d".formatted(n))).isPresent());
        List<String> skippedCommands = CaptureSequence.SKIPPED.keySet().stream()
                .map(n -> CaptureManifest.exchange("%03d".formatted(n)).payload())
                .filter(payload -> !payload.matches("(?s).*\\b(agent|table|rate-limit|experimental-mode|expert-mode|var)\\b.*"))
                .toList();
        assertThat(skippedCommands).as("skipped exchanges that use only implemented commands").isEmpty();
    }

    private void replay(int number, CaptureManifest.Exchange exchange) throws Exception {
        String haproxy = new String(exchange.haproxyReply(), StandardCharsets.UTF_8);
        String request = withOurSecondOcspResponse(toOurStreamIds(mask.toOurPorts(exchange.payload()))
                .replace(CaptureLikeSetup.CAPTURE_TICKET_KEYS, setup.ticketKeys().toString()));
        String theirs = mask.mask(reducedToOurCommands(withFinalBlankLine(exchange, haproxy)));
        String difference = CaptureSequence.KNOWN_DIFFERENCES.get(number);
        if (exchange.payload().equals("show sess\n")) {
            String ours = send(exchange, request);
            learnStreamIds(haproxy, ours);
            assertThat(mask.mask(ours)).isEqualTo(theirs);
        } else if (difference != null) {
            assertThat(mask.mask(send(exchange, request))).as("a listed difference: " + difference).isNotEqualTo(theirs);
        } else if (CaptureSequence.TAKEN_AFTER_CHECKS_SETTLED.contains(number)) {
            await().atMost(SETTLE_LIMIT).untilAsserted(() ->
                    assertThat(mask.mask(send(exchange, request))).isEqualTo(theirs));
        } else {
            assertThat(mask.mask(send(exchange, request))).isEqualTo(theirs);
        }
    }

    private String send(CaptureManifest.Exchange exchange, String request) throws IOException {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        SocketAddress address = sockets.get(exchange.socket());
        byte[] reply = exchange.tool().equals("nc") ? SocketClient.ncExchange(address, bytes) : SocketClient.socatExchange(address, bytes);
        // our copy of the capture's ticket key file has another path
        return new String(reply, StandardCharsets.UTF_8).replace(setup.ticketKeys().toString(), CaptureLikeSetup.CAPTURE_TICKET_KEYS);
    }

    /**
     * The deliberate difference: HAProxy 2.6 leaves the empty line out after a few non-empty
     * replies ({@code del server}, a few parse errors); Ganglion ends every answer with it.
     */
    private String withFinalBlankLine(CaptureManifest.Exchange exchange, String reply) {
        boolean prompt = exchange.payload().startsWith("prompt\n");
        if (prompt || reply.isEmpty() || reply.equals("\n") || reply.endsWith("\n\n") || exchange.payload().contains(";")) {
            return reply;
        }
        blankLineAdded.add(exchange.file());
        return reply + "\n";
    }

    /**
     * {@code help}, the answer to an empty line and the "Unknown command" suggestions list
     * HAProxy's commands; ours list only the commands Ganglion implements, each with HAProxy's
     * usage line and in HAProxy's order. So HAProxy's list is reduced to the lines of our help.
     */
    private String reducedToOurCommands(String reply) {
        if (COMMAND_LISTS.stream().noneMatch(reply::contains) && !reply.contains(SUGGESTIONS)) {
            return reply;
        }
        return reply.lines().filter(line -> !line.startsWith("  ") || ourUsageLines.contains(line))
                .collect(Collectors.joining("\n", "", reply.endsWith("\n") ? "\n" : ""));
    }

    /**
     * The capture's stream ids in a command ({@code show sess ID}, {@code shutdown session ID})
     * replaced by ours for the same streams.
     */
    private String toOurStreamIds(String request) {
        String out = request;
        for (Map.Entry<String, String> e : streamIds.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Pairs the streams of two {@code show sess} lists by frontend, backend and server. */
    private void learnStreamIds(String theirs, String ours) {
        Pattern stream = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 src=\\S+ (fe=\\S+ be=\\S+ srv=\\S+) ");
        Map<String, String> oursByProxies = new HashMap<>();
        for (Matcher m = stream.matcher(ours); m.find();) {
            oursByProxies.put(m.group(2), m.group(1));
        }
        for (Matcher m = stream.matcher(theirs); m.find();) {
            Optional.ofNullable(oursByProxies.get(m.group(2))).ifPresent(id -> streamIds.put(m.group(1), id));
        }
    }

    /**
     * What the capture run started between two socket exchanges: each slow curl to {@code /slow},
     * sent as that curl sent it, reaches the server it reached in the capture (web2, then web3).
     */
    private Optional<Runnable> trafficBefore(int number) {
        return switch (number) {
            case 322 -> Optional.of(() -> slowCurl1 = slowCurlTo(2));
            case 333 -> Optional.of(() -> slowCurl2 = slowCurlTo(3));
            default -> Optional.empty();
        };
    }

    /**
     * Opens a curl-like {@code GET /slow} that web{@code n} holds: quick requests first, until one
     * is served by the server round-robin takes before it (the three have equal weights).
     */
    private Socket slowCurlTo(int n) {
        String before = "web" + (n - 1);
        await().atMost(SETTLE_LIMIT).until(() -> requests(1).get(0).equals(before));
        try {
            int port = setup.balancer().port();
            Socket curl = new Socket(InetAddress.getLoopbackAddress(), port);
            curl.setSoTimeout((int) SETTLE_LIMIT.toMillis());
            // curl 7.88.1's head (Debian 12's, the capture's): the same request total in show sess ID
            curl.getOutputStream().write(("GET /slow HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            TestHttpBackend web = setup.webs().get(n - 1);
            await().atMost(SETTLE_LIMIT).until(() -> web.inFlight() > 0);
            return curl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the slow curl cut by a shutdown got: HAProxy's 502 page, as the capture's curl printed it. */
    private static void gotWhatTheCapturesCurlGot(Socket curl, String resultCapture) {
        String printed = new String(CaptureManifest.shellOutput(resultCapture), StandardCharsets.UTF_8);
        String body = printed.substring(0, printed.indexOf(" (http_code="));
        int status = Integer.parseInt(printed.replaceAll("(?s).* \\(http_code=(\\d+)\\).*", "$1"));
        // Read as curl reads it, by its length: the connection stays open after the 502, as HAProxy keeps it.
        try (curl) {
            String answer = RawHttp.readResponse(curl.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 " + status + " ");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).isEqualTo(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the capture run did between socket exchanges with curl, with the same kind of check. */
    private Optional<Runnable> traffic(int number) {
        return switch (number) {
            // 3 requests after web1 moved to web3's port: all answered, none by web1's own process
            case 80 -> Optional.of(() -> assertThat(requests(3)).allSatisfy(body -> assertThat(body).isIn("web2", "web3")));
            // fe_main disabled: the connection is refused (curl exit 7)
            case 98 -> Optional.of(() -> assertThatThrownBy(() -> RawHttp.get("127.0.0.1", setup.balancer().port(), "/"))
                    .isInstanceOf(ConnectException.class));
            // fe_main enabled again: 200
            case 103 -> Optional.of(() -> assertThat(requests(1)).hasSize(1));
            // web4 (in maintenance, then enabled with weight 1): every request is answered
            case 110, 113 -> Optional.of(() -> assertThat(requests(4)).hasSize(4));
            // the captures' curls to fe_main from 127.0.0.1: a burst of 15, then one request at a time
            case 154 -> curls(15, "154-curl-burst-15.txt");
            case 163 -> curls(1, "163-curl-1-after-gpt0-reset.txt");
            case 167 -> curls(1, "167-curl-1-after-clear-table-key.txt");
            case 170 -> curls(1, "170-curl-1-after-set-gpt0-1.txt");
            // a header line without a colon: HAProxy's 400 page, byte for byte; show errors has it next
            case 315 -> Optional.of(() -> assertThat(malformedRequest()).isEqualTo(new String(
                    CaptureManifest.shellOutput("315-malformed-request-via-nc.txt"), StandardCharsets.ISO_8859_1)));
            // curl -k to fe_tls, before and after the ticket key changes: the same server, the same 200
            case 284 -> Optional.of(() -> printsWhatTheCaptureRunPrinted(284, "284-curl-tls-18443.txt"));
            case 303 -> Optional.of(() -> printsWhatTheCaptureRunPrinted(303, "303-curl-tls-18443-after-key-change.txt"));
            // openssl s_client -status: the staple of server.pem.ocsp, its dates aside
            case 285 -> Optional.of(() -> printsWhatTheCaptureRunPrinted(285, "285-openssl-s_client-status.txt"));
            // the slow curls cut by shutdown session (326) and shutdown sessions server (334)
            case 328 -> Optional.of(() -> gotWhatTheCapturesCurlGot(slowCurl1, "328-slow-curl-1-result.txt"));
            case 335 -> Optional.of(() -> gotWhatTheCapturesCurlGot(slowCurl2, "335-slow-curl-2-result.txt"));
            default -> Optional.empty(); // cat -A views of the exchange before: nothing was sent
        };
    }

    /**
     * Runs the capture run's own shell command ({@code curl -sk ...}, {@code openssl s_client -status
     * | grep ...}) against fe_tls's port, and compares what it prints with what it printed there,
     * the dates of an OCSP response aside (the run's PKI is made afresh): the same server answers,
     * the same status, the same staple.
     */
    private void printsWhatTheCaptureRunPrinted(int number, String capture) {
        RequiredTool.require(CaptureShell.curlPresent(), "curl is not installed");
        String command = SHELL_COMMANDS.get(number).replace("127.0.0.1:18443", "127.0.0.1:" + setup.tlsPort());
        // the capture run's web servers answered their name and a line break, ours their name
        String theirs = new String(CaptureManifest.shellOutput(capture), StandardCharsets.UTF_8)
                .replaceAll("^(web\\d)\n", "$1");
        try {
            assertThat(withoutOcspDates(CaptureShell.run(command))).as(command).isEqualTo(withoutOcspDates(theirs));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code set ssl ocsp-response} of the capture run's second response (306, 311), which its
     * CA signed, made the run's own: {@code second.ocsp.der} of {@link OcspTestPki}.
     */
    private static String withOurSecondOcspResponse(String request) throws IOException, InterruptedException {
        if (!request.contains(CAPTURE_SECOND_OCSP_RESPONSE)) {
            return request;
        }
        return request.replace(CAPTURE_SECOND_OCSP_RESPONSE,
                Base64.getEncoder().encodeToString(OcspTestPki.shared().bytes("second.ocsp.der")));
    }

    private static String withoutOcspDates(String printed) {
        return printed.replaceAll("(?m)^(\\s*(?:This|Next) Update: ).*$", "$1DATE");
    }

    private Optional<Runnable> curls(int count, String capture) {
        return Optional.of(() -> assertThat(curlStatuses(count))
                .isEqualTo(new String(CaptureManifest.shellOutput(capture), StandardCharsets.UTF_8)));
    }

    /** What the captures' {@code curl -w '%{http_code} '} loop printed for {@code count} requests from 127.0.0.1. */
    private String curlStatuses(int count) {
        StringBuilder printed = new StringBuilder();
        for (int i = 0; i < count; i++) {
            try {
                String answer = RawHttp.exchange("127.0.0.1", setup.balancer().port(),
                        "GET / HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nConnection: close\r\n\r\n");
                printed.append(answer, 9, 12).append(' ');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return printed.append('\n').toString();
    }

    /** Capture 315's request: {@code printf 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n' | nc}. */
    private String malformedRequest() {
        try {
            return RawHttp.exchange("127.0.0.1", setup.balancer().port(), "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code count} requests to fe_main, each of which must be a 200, and returns the bodies.
     * Each call comes from its own client address: fe_main tracks its clients and bans one above 10
     * requests in 10 s, which the capture run's requests, seconds apart, never reached and ours,
     * milliseconds apart, would.
     */
    private List<String> requests(int count) {
        String client = "127.0.1." + (1 + clientsUsed++ % 250);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                String answer = RawHttp.exchange(client, setup.balancer().port(),
                        "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 200 ");
                bodies.add(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            } catch (IOException e) {
                throw new AssertionError("request " + i + " to fe_main failed", e);
            }
        }
        return bodies;
    }
}
