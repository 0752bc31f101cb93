package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.AccessLevel;
import java.io.ByteArrayOutputStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 random and malformed lines in prompt sessions: every line is answered and the server
 * stays up. After each random line the client sends an empty line (which ends a payload the random
 * line may have opened, or is itself answered) and a numbered {@code sync} command, and waits for
 * that number to come back, so a line that got no answer, or a dead session, fails the test.
 */
class CliFuzzTest {
    private static final int SESSIONS = 4;
    private static final int LINES_PER_SESSION = 25_000;
    /** Words that would end or reconfigure the session instead of being answered. */
    private static final List<String> SESSION_WORDS = List.of("quit", "prompt", "timeout", "user", "operator");
    private static final String[] PIECES = {
        "show", "cli", "level", "help", "set", "add", "map", "<<", " <<", ";", "\\;", "\\", "\\\\", "\r", "\t",
        " ", "  ", "#0", "be_app/web1", "\u00e9", "\u0000", "\u00ff", "\u0007", "sync",
    };

    @Test
    void everyRandomLineIsAnsweredAndTheServerStaysUp(@TempDir Path directory) throws Exception {
        CommandRegistry registry = CommandRegistry.builder().register(CommandTable.of("fuzz",
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> "sync " + r.arg(1)), "sync"),
                CliCommand.haproxy(AccessLevel.USER, CommandHandler.sync(r -> "payload " + r.payload().orElse("-").length()),
                        "add", "map"))).build();
        try (StatsSocketFixture sockets = new StatsSocketFixture(directory, registry)) {
            ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
            try {
                List<Future<Integer>> sessions = new ArrayList<>();
                for (int s = 0; s < SESSIONS; s++) {
                    long seed = 7919L * (s + 1);
                    SocketAddress address = sockets.address(s % 2 == 0 ? "admin" : "tcp");
                    sessions.add(pool.submit(() -> fuzzOneSession(address, new Random(seed))));
                }
                int answered = 0;
                for (Future<Integer> session : sessions) {
                    answered += session.get(10, TimeUnit.MINUTES);
                }
                assertThat(answered).isEqualTo(SESSIONS * LINES_PER_SESSION);
            } finally {
                pool.shutdownNow();
            }
            assertThat(SocketClient.socatExchange(sockets.address("admin"), "show cli level\n")).isEqualTo("admin\n\n");
        }
    }

    private static int fuzzOneSession(SocketAddress address, Random random) throws Exception {
        int answered = 0;
        try (SocketClient client = SocketClient.connect(address)) {
            client.send("prompt\n");
            client.readUntil("\n> ");
            for (int i = 0; i < LINES_PER_SESSION; i++) {
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                byte[] line = randomLine(random);
                request.writeBytes(line);
                if (endsWithEscape(line)) {
                    request.write('\n'); // the escaped LF continues the line: this one ends it
                }
                request.writeBytes(("\n\nsync " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                client.send(request.toByteArray());
                String reply = client.readUntil("sync " + i + "\n\n> ");
                assertThat(reply).as("reply to random line %d", i).isNotEmpty();
                answered++;
            }
            client.send("quit\n");
            assertThat(client.readToEnd()).isEmpty();
        }
        return answered;
    }

    /** True when the line's last byte is a backslash that is not itself escaped. */
    private static boolean endsWithEscape(byte[] line) {
        int backslashes = 0;
        for (int i = line.length - 1; i >= 0 && line[i] == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** One line (no LF) of random pieces, bytes, over-long runs or too many words. */
    private static byte[] randomLine(Random random) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int kind = random.nextInt(1000);
        if (kind == 0) {
            line.writeBytes("x".repeat(CliLineDecoder.MAX_LINE_BYTES + 1 + random.nextInt(5000)).getBytes(StandardCharsets.US_ASCII));
        } else if (kind < 5) {
            line.writeBytes("w ".repeat(65 + random.nextInt(100)).getBytes(StandardCharsets.US_ASCII));
        } else if (kind < 100) {
            for (int i = random.nextInt(200); i > 0; i--) {
                int b = random.nextInt(256);
                line.write(b == '\n' ? ' ' : b);
            }
        } else {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i >= 0; i--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
                if (random.nextBoolean()) {
                    text.append(' ');
                }
            }
            line.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        String asText = line.toString(StandardCharsets.ISO_8859_1);
        return SESSION_WORDS.stream().anyMatch(asText::contains) ? "help".getBytes(StandardCharsets.US_ASCII) : line.toByteArray();
    }
}
