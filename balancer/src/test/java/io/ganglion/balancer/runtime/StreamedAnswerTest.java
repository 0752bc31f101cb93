package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.config.AccessLevel;
import io.netty.channel.WriteBufferWaterMark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long answers ({@link AnswerDump}) written in pieces over real sockets: the session's framing
 * around them (pipelined commands, prompt, {@code quit}), and what a client that stops reading or
 * goes away costs the balancer.
 */
@Timeout(60)
class StreamedAnswerTest {
    /** What the session may hold for a client that reads nothing: the high-water mark, one piece. */
    private static final long BOUND = WriteBufferWaterMark.DEFAULT.high() + LineDump.PIECE_CHARS + EndlessDump.LINE.length();

    private final EndlessDump endless = new EndlessDump();
    @TempDir
    Path directory;
    private StatsSocketFixture sockets;

    /** An answer that never ends: a 1 KiB line after another, counting what it produced. */
    static final class EndlessDump {
        static final String LINE = "x".repeat(1023) + "\n";
        final AtomicLong produced = new AtomicLong();
        /** The most the session held unsent whenever it asked for a piece. */
        final AtomicLong mostUnsentWhenAsked = new AtomicLong();
        volatile CliSession session;

        AnswerDump start(CommandRequest request) {
            session = (CliSession) request.session();
            return out -> {
                mostUnsentWhenAsked.accumulateAndGet(session.unsentBytes(), Math::max);
                int stop = out.length() + LineDump.PIECE_CHARS;
                while (out.length() < stop) {
                    out.append(LINE);
                }
                produced.addAndGet(out.length());
                return true;
            };
        }
    }

    @BeforeEach
    void start() throws Exception {
        sockets = new StatsSocketFixture(directory, registry());
    }

    private CommandRegistry registry() {
        return CommandRegistry.builder().register(new CommandTable("test", List.of(
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.dump(r -> new LineDump<>("head\n",
                        IntStream.rangeClosed(1, Integer.parseInt(r.arg(1))).iterator(),
                        (out, i) -> out.append("line ").append(i).append('\n'), "tail\n")), "lines"),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.dump(endless::start), "endless"),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.dump(r -> {
                    throw new CommandException("No such proxy.\n");
                }), "refused"),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> "fast"), "fast")))).build();
    }

    @AfterEach
    void stop() {
        sockets.close();
    }

    private static String lines(int n) {
        StringBuilder text = new StringBuilder("head\n");
        IntStream.rangeClosed(1, n).forEach(i -> text.append("line ").append(i).append('\n'));
        return text.append("tail\n").toString();
    }

    @Test
    void aLongAnswerIsFollowedByItsBlankLineThenByTheNextCommandsAnswers() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "lines 50000; fast\nfast\n");

        assertThat(reply).isEqualTo(lines(50_000) + "\n" + "fast\n\n" + "fast\n\n");
    }

    /**
     * socat shuts its sending side as soon as the request is sent; on the unix socket, Netty
     * 4.2.18's epoll transport then loses the socket when the answer waits for the client (see
     * CliSession#writeNextPiece): about one answer in forty was cut before the workaround.
     */
    @Test
    void aClientThatShutsItsSendingSideGetsEveryWholeAnswer() throws Exception {
        String expected = lines(50_000) + "\n";
        for (int round = 0; round < 60; round++) {
            String reply = SocketClient.socatExchange(sockets.address("admin"), "lines 50000\n");

            assertThat(reply.length()).as("round %d", round).isEqualTo(expected.length());
            assertThat(reply).isEqualTo(expected);
        }
    }

    @Test
    void inPromptModeThePromptFollowsTheWholeAnswer() throws Exception {
        try (SocketClient client = SocketClient.connect(sockets.address("tcp"))) {
            client.send("prompt\n");
            assertThat(client.readUntil("> ")).isEqualTo("\n> ");
            client.send("lines 20000\nfast\n");
            assertThat(client.readUntil("fast\n\n> ")).isEqualTo(lines(20_000) + "\n> fast\n\n> ");
            client.send("quit\n");
            assertThat(client.readToEnd()).isEmpty();
        }
    }

    @Test
    void quitAfterALongAnswerClosesOnceTheAnswerIsWritten() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "lines 30000; quit; fast\n");

        assertThat(reply).isEqualTo(lines(30_000) + "\n");
    }

    @Test
    void aRefusedLongAnswerIsAnsweredWithItsError() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "refused; fast\n");

        assertThat(reply).isEqualTo("No such proxy.\n\nfast\n\n");
    }

    @Test
    void aClientThatReadsNothingCostsAtMostTheHighWaterMarkPlusOnePiece() throws Exception {
        try (SocketClient client = SocketClient.connect(sockets.address("admin"))) {
            client.send("endless\n");
            // The answer stops once the socket's buffers and the channel's are full.
            AtomicLong previous = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(300))
                    .until(() -> previous.getAndSet(endless.produced.get()) == endless.produced.get());
            long stalledAt = endless.produced.get();
            System.out.printf("silent client: answer stalled after %d bytes; %d unsent in the session (at most %d when"
                    + " a piece was asked for)%n", stalledAt, endless.session.unsentBytes(), endless.mostUnsentWhenAsked.get());

            assertThat(endless.mostUnsentWhenAsked.get()).isLessThanOrEqualTo(WriteBufferWaterMark.DEFAULT.high());
            assertThat(endless.session.unsentBytes()).isLessThanOrEqualTo(BOUND);
            // Kernel buffers included, a few hundred KiB: nothing like the whole answer.
            assertThat(stalledAt).isLessThan(8L * 1024 * 1024);

            client.readAtLeast(256 * 1024);
            await().atMost(Duration.ofSeconds(10)).until(() -> endless.produced.get() > stalledAt);
        }
    }

    @Test
    void aClientThatGoesAwayMidwayEndsTheAnswer() throws Exception {
        try (SocketClient client = SocketClient.connect(sockets.address("admin"))) {
            client.send("endless\n");
            client.readAtLeast(128 * 1024);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sockets.server.openSessions() == 0);
        long produced = endless.produced.get();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> endless.produced.get() == produced);
    }

    @Test
    void statsTimeoutCutsAClientThatReadsNothingOfALongAnswer() throws Exception {
        sockets.close();
        sockets = new StatsSocketFixture(directory, registry(), Duration.ofMillis(500));
        try (SocketClient client = SocketClient.connect(sockets.address("admin"))) {
            client.send("endless\n");

            await().atMost(Duration.ofSeconds(10)).until(() -> sockets.server.openSessions() == 0);
        }
    }

}
