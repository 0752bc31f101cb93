package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.CaptureLikeSetup;
import io.ganglion.balancer.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 invalid command lines ({@link InvalidCommandLines}) in prompt sessions on the admin socket
 * of a real balancer: each gets exactly one answer, in order, and that answer is an error; the
 * balancer stays up, its servers and frontends are exactly as before ({@code show servers state}
 * and {@code show stat} with run-to-run values masked), and requests still flow.
 *
 * <p>After each line the client sends {@code show cli level} and reads up to its answer
 * ({@code admin}), so a line that got no answer, or two, or a dead session, fails the test.
 */
class BalancerCliFuzzTest {
    private static final int SESSIONS = 4;
    private static final int LINES_PER_SESSION = 25_000;
    private static final String PROMPT = "> ";
    private static final String MARKER = "show cli level\n";
    private static final String MARKER_ANSWER = "admin\n\n" + PROMPT;
    private static final String PAYLOAD_PROMPT = "+ ";
    /** The first line of every error answer the balancer may give to these lines. */
    private static final Pattern ERROR = Pattern.compile("^(Unknown command|Permission denied|No such |Require |usage: "
            + "|'set server <srv> |'server' expects |set server <b>/<s> addr requires |Invalid addr "
            + "|Absolute weight |Empty weight |Trailing garbage |maxconn string |Value out of range|Expects an integer"
            + "|Integer value |All sockets are already |Only servers in maintenance |Can't find backend|unknown keyword "
            + "|Already exists |Line too long|provided port |Too many words|agent checks are not enabled|Invalid |'set server).*");

    @Test
    void everyInvalidLineGetsOneErrorAnswerAndChangesNothing() throws Exception {
        try (CaptureLikeSetup setup = CaptureLikeSetup.start().awaitChecked()) {
            SocketAddress address = UnixDomainSocketAddress.of(setup.adminSocket());
            RunToRunMask mask = new RunToRunMask(CaptureManifest.exchange("021").haproxyReply(), Map.of());
            String stateBefore = SocketClient.socatExchange(address, "show servers state\n");
            String statBefore = mask.mask(SocketClient.socatExchange(address, "show stat\n"));

            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
            try {
                List<Future<Integer>> sessions = new ArrayList<>();
                for (int s = 0; s < SESSIONS; s++) {
                    long seed = 104_729L * (s + 1);
                    sessions.add(pool.submit(() -> fuzzOneSession(address, new InvalidCommandLines(seed))));
                }
                int answered = 0;
                for (Future<Integer> session : sessions) {
                    answered += session.get(5, TimeUnit.MINUTES);
                }
                assertThat(answered).isEqualTo(SESSIONS * LINES_PER_SESSION);
            } finally {
                pool.shutdownNow();
            }

            assertThat(mask.mask(SocketClient.socatExchange(address, "show servers state\n"))).isEqualTo(mask.mask(stateBefore));
            assertThat(mask.mask(SocketClient.socatExchange(address, "show stat\n"))).isEqualTo(statBefore);
            for (int i = 0; i < 6; i++) {
                assertThat(RawHttp.get("127.0.0.1", setup.balancer().port(), "/")).isIn("web1", "web2", "web3");
            }
        }
    }

    private static int fuzzOneSession(SocketAddress address, InvalidCommandLines lines) throws Exception {
        int answered = 0;
        try (SocketClient client = SocketClient.connect(address)) {
            client.send("prompt\n");
            assertThat(client.readUntil("\n" + PROMPT)).isEqualTo("\n" + PROMPT);
            for (int i = 0; i < LINES_PER_SESSION; i++) {
                byte[] line = lines.next();
                String shown = new String(line, StandardCharsets.ISO_8859_1);
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                request.writeBytes(line);
                // A payload opened by a final "<<" (empty here) is closed by an empty line.
                request.writeBytes((shown.endsWith(InvalidCommandLines.PAYLOAD_MARKER) ? "\n\n" : "\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(MARKER.getBytes(StandardCharsets.US_ASCII));
                client.send(request.toByteArray());
                String reply = client.readUntil(MARKER_ANSWER);
                String answer = reply.substring(0, reply.length() - MARKER_ANSWER.length());
                while (answer.startsWith(PAYLOAD_PROMPT)) {
                    answer = answer.substring(PAYLOAD_PROMPT.length());
                }
                assertThat(answer).as("the one answer to line %d: %s", i, abbreviated(shown))
                        .endsWith("\n\n" + PROMPT).satisfies(a -> assertThat(a.indexOf("\n\n" + PROMPT)).isEqualTo(a.length() - 4))
                        .matches(a -> ERROR.matcher(a).lookingAt(), "is an error text");
                answered++;
            }
            client.send("quit\n");
            assertThat(client.readToEnd()).isEmpty();
        }
        return answered;
    }

    private static String abbreviated(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "... (" + line.length() + " bytes)";
    }
}
