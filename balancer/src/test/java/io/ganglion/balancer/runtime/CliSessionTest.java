package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.AccessLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Framing, ordering and error answers of one session, over real sockets. */
class CliSessionTest {
    private final AtomicInteger adminRuns = new AtomicInteger();
    private final AtomicReference<String> shared = new AtomicReference<>("initial");
    private StatsSocketFixture sockets;

    @BeforeEach
    void start(@TempDir Path directory) throws Exception {
        CommandRegistry registry = CommandRegistry.builder().register(new CommandTable("test", List.of(
                // echoes its payload, like 'add map ... <<' would consume it
                CliCommand.haproxy(AccessLevel.USER, CommandHandler.sync(r -> "payload=[" + r.payload().orElse("none") + "]"),
                        "add", "map"),
                // completes later on another thread, after changing shared state
                CliCommand.unlisted(AccessLevel.USER, r -> CompletableFuture.supplyAsync(() -> {
                    shared.set("changed by slow");
                    return "slow done";
                }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)), "slow"),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> "fast sees " + shared.get()), "fast"),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> {
                    throw new IllegalStateException("bug in a handler");
                }), "crash"),
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> {
                    throw new CommandException("No such backend.\n");
                }), "refuse"),
                CliCommand.haproxy(AccessLevel.ADMIN, CommandHandler.sync(r -> {
                    adminRuns.incrementAndGet();
                    return "";
                }), "set", "weight")))).build();
        sockets = new StatsSocketFixture(directory, registry);
    }

    @AfterEach
    void stop() {
        sockets.close();
    }

    @Test
    void answersKeepTheCommandOrderWhenAHandlerCompletesLaterOnAnotherThread() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "slow; fast\nfast\n");

        assertThat(reply).isEqualTo("slow done\n\nfast sees changed by slow\n\nfast sees changed by slow\n\n");
    }

    @Test
    void aPayloadRunsUntilAnEmptyLineAndReachesTheHandler() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "add map #0 <<\r\nkey1 v1\r\nkey2 v2\n\nshow cli level\n");

        assertThat(reply).isEqualTo("payload=[key1 v1\nkey2 v2]\n\nadmin\n\n");
    }

    @Test
    void interactivePayloadLinesArePromptedWithPlus() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "prompt\nadd map #0 <<\na b\n\nquit\n");

        assertThat(reply).isEqualTo("\n> + + payload=[a b]\n\n> ");
    }

    @Test
    void aCommandAfterASemicolonCanStartAPayload() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "show cli level; add map #0 <<\nx y\n\n");

        assertThat(reply).isEqualTo("admin\n\npayload=[x y]\n\n");
    }

    /** A payload's lines are cut together once it has begun (issue 14): the same text whatever the pieces. */
    @Test
    void aPayloadSentInPiecesReachesTheHandlerAsOneText() throws Exception {
        try (SocketClient client = SocketClient.connect(sockets.address("admin"))) {
            client.send("add map #0 <<\nk1 v1\r\nk2 ");
            client.send("v2\nk3 <<\nk4 \\\n\nk5\r\r\n");
            client.send("\r\nshow cli level\n");
            client.shutdownOutput();

            assertThat(new String(client.readToEnd(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("payload=[k1 v1\nk2 v2\nk3 <<\nk4 \\\n\nk5\r]\n\nadmin\n\n");
        }
    }

    @Test
    void aPayloadBehindACommandStillRunningIsReadAsItsLines() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "slow\nadd map #0 <<\na b\n\nfast\n");

        assertThat(reply).isEqualTo("slow done\n\npayload=[a b]\n\nfast sees changed by slow\n\n");
    }

    @Test
    void aLineEndingWithTheMarkerInsideAPayloadIsAPayloadLine() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"),
                "add map #0 <<; a b\nc d <<\n\nadd map #0 <<\nx <<\n\nshow cli level\n");

        assertThat(reply).isEqualTo("payload=[ a b\nc d <<]\n\npayload=[x <<]\n\nadmin\n\n");
    }

    @Test
    void interactivePayloadLinesSentTogetherAreEachPrompted() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "prompt\nadd map #0 <<\na b\r\nc d\n\r\nquit\n");

        assertThat(reply).isEqualTo("\n> + + + payload=[a b\nc d]\n\n> ");
    }

    @Test
    void anUnfinishedPayloadAtEndOfInputIsNotRun() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "show cli level\nadd map #0 <<\nx y\n");

        assertThat(reply).isEqualTo("admin\n\n");
    }

    @Test
    void aTooLongLineGetsAnErrorAndTheSessionGoesOn() throws Exception {
        String longLine = "x".repeat(CliLineDecoder.MAX_LINE_BYTES + 1);

        String reply = SocketClient.socatExchange(sockets.address("admin"), "prompt\n" + longLine + "\nshow cli level\nquit\n");

        assertThat(reply).isEqualTo("\n> " + CliSession.LINE_TOO_LONG + "\n> admin\n\n> ");
        assertThat(CliSession.LINE_TOO_LONG).isEqualTo("Line too long: a request line is limited to 16384 bytes.\n");
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() throws Exception {
        String line = "fast" + " ".repeat(CliLineDecoder.MAX_LINE_BYTES - 4);

        assertThat(SocketClient.socatExchange(sockets.address("admin"), line + "\n")).isEqualTo("fast sees initial\n\n");
    }

    @Test
    void aTooLongPayloadGetsAnErrorOnceItEnds() throws Exception {
        String payloadLine = "k".repeat(9000) + "\n";

        String reply = SocketClient.socatExchange(sockets.address("admin"), "add map #0 <<\n" + payloadLine + payloadLine + "\nshow cli level\n");

        assertThat(reply).isEqualTo(CliSession.REQUEST_TOO_LONG + "\nadmin\n\n");
    }

    @Test
    void aTooLongLineInsideAPayloadNeverTurnsTheRestOfThePayloadIntoCommands() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"),
                "add map #0 <<\n" + "k".repeat(CliLineDecoder.MAX_LINE_BYTES + 10) + "\nset weight be_app/web1 0\n\nshow cli level\n");

        assertThat(reply).isEqualTo(CliSession.REQUEST_TOO_LONG + "\nadmin\n\n");
        assertThat(adminRuns).hasValue(0);
    }

    @Test
    void moreThanSixtyFourWordsGetAnError() throws Exception {
        String words = String.join(" ", Collections.nCopies(65, "fast"));

        String reply = SocketClient.socatExchange(sockets.address("admin"), words + "\n");

        assertThat(reply).isEqualTo("Too many words: a command is limited to 64 words.\n\n");
    }

    @Test
    void handlerFailuresAreAnsweredAndTheSessionGoesOn() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"), "crash; refuse; show cli level\n");

        assertThat(reply).isEqualTo("Internal error.\n\nNo such backend.\n\nadmin\n\n");
    }

    @Test
    void aUserLevelSocketRefusesAdminCommandsWithoutRunningThem() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("user"), "set weight be_app/web1 10\noperator\nshow cli level\n");

        assertThat(reply).isEqualTo("Permission denied\n\nPermission denied\n\nuser\n\n");
        assertThat(adminRuns).hasValue(0);
        assertThat(SocketClient.socatExchange(sockets.address("admin"), "set weight be_app/web1 10\n")).isEqualTo("\n");
        assertThat(adminRuns).hasValue(1);
    }

    @Test
    void anAdminSessionLoweredToUserIsRefusedAdminCommands() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("tcp"), "user; set weight be_app/web1 10; show cli level\n");

        assertThat(reply).isEqualTo("\nPermission denied\n\nuser\n\n");
        assertThat(adminRuns).hasValue(0);
    }

    @Test
    void setTimeoutCliClosesAnIdleInteractiveSession() throws Exception {
        try (SocketClient client = SocketClient.connect(sockets.address("admin"))) {
            client.send("prompt\nset timeout cli 1\n");
            assertThat(client.readUntil("\n> \n> ")).isEqualTo("\n> \n> ");

            long start = System.nanoTime();
            assertThat(client.readToEnd()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void setTimeoutRefusesWhatHaproxyRefuses() throws Exception {
        String reply = SocketClient.socatExchange(sockets.address("admin"),
                "set timeout cli 0\nset timeout cli 5x\nset timeout\nset timeout cli\nset timeout cli 500ms\nset timeout foo 5\n");

        assertThat(reply).isEqualTo("Invalid timeout value.\n\nInvalid timeout value.\n\n'set timeout' only supports 'cli'.\n\n"
                + "Expects an integer value.\n\n\n'set timeout' only supports 'cli'.\n\n");
    }

    @Test
    void anInteractiveSessionStaysOpenBetweenCommands() throws Exception {
        try (SocketClient client = SocketClient.connect(sockets.address("admin"))) {
            client.send("prompt\n");
            assertThat(client.readUntil("> ")).isEqualTo("\n> ");
            client.send("show cli level\n");
            assertThat(client.readUntil("> ")).isEqualTo("admin\n\n> ");
            client.send("fast\n");
            assertThat(client.readUntil("> ")).isEqualTo("fast sees initial\n\n> ");
            client.send("quit\n");
            assertThat(client.readToEnd()).isEmpty();
        }
    }
}
