package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.AccessLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A script of many lines sent at once, then the sending side shut ({@code socat -t 100 -
 * unix-connect:SOCK < script}): every line is run and answered, over the unix and the TCP socket,
 * in both modes, as HAProxy 2.6 does. Two ways lines used to be lost: without prompt, a read that
 * happened to end right after a LF counted as "no request left" while the rest of the script was
 * still in the socket; and answers still waiting for the client to read when its side closed were
 * cut at the first write that had to wait for the socket (Netty's epoll transport: {@link
 * EpollHalfClosureTest}).
 */
class CliHalfCloseTest {
    /** What the test's {@code show info} answers: long enough that answers outgrow the requests. */
    private static final String INFO = "Name: test\n" + "x".repeat(1000) + "\n";

    private final AtomicInteger weightsSet = new AtomicInteger();
    private final AtomicInteger payloadsRun = new AtomicInteger();
    /** {@code hold} counts this down once running, then waits for {@link #release}. */
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private StatsSocketFixture sockets;

    @BeforeEach
    void start(@TempDir Path directory) throws Exception {
        CommandRegistry registry = CommandRegistry.builder().register(new CommandTable("test", List.of(
                CliCommand.haproxy(AccessLevel.ADMIN, CommandHandler.sync(r -> {
                    weightsSet.incrementAndGet();
                    return "";
                }), "set", "weight"),
                CliCommand.haproxy(AccessLevel.ADMIN, CommandHandler.sync(r -> {
                    payloadsRun.incrementAndGet();
                    return "";
                }), "add", "map"),
                CliCommand.haproxy(AccessLevel.USER, CommandHandler.sync(r -> INFO), "show", "info"),
                // runs on the socket's loop, which reads nothing more until it answers
                CliCommand.unlisted(AccessLevel.USER, CommandHandler.sync(r -> holdUntilReleased()), "hold")))).build();
        sockets = new StatsSocketFixture(directory, registry);
    }

    private String holdUntilReleased() {
        holding.countDown();
        try {
            return release.await(SocketClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS) ? "held" : "never released";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @AfterEach
    void stop() {
        sockets.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "tcp"})
    void everyLineOfANonInteractiveScriptIsRun(String socket) throws Exception {
        String reply = sendAllThenShutdown(sockets.address(socket), weightLines(20_000));

        assertThat(weightsSet).hasValue(20_000);
        assertThat(answers(reply, "\n")).isEqualTo(20_000);
    }

    /**
     * The case behind the losses, made deterministic: every line received is answered, the read
     * ended right after a LF, and the client's next line is already in the socket.
     */
    @ParameterizedTest
    @ValueSource(strings = {"admin", "tcp"})
    void aLineAlreadyInTheSocketWhenEverythingReadIsAnsweredIsRun(String socket) throws Exception {
        try (SocketClient client = SocketClient.connect(sockets.address(socket))) {
            client.send("hold\n");
            assertThat(holding.await(SocketClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            client.send("set weight be/s 1\n");
            release.countDown();

            assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("held\n\n\n");
        }
        assertThat(weightsSet).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "tcp"})
    void everyLineOfAnInteractiveScriptEndingWithQuitIsRun(String socket) throws Exception {
        String reply = sendAllThenShutdown(sockets.address(socket), "prompt\n" + weightLines(100_000) + "quit\n");

        assertThat(weightsSet).hasValue(100_000);
        assertThat(answers(reply, "\n> ")).isEqualTo(100_001);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "tcp"})
    void everyPayloadOfANonInteractiveScriptIsRun(String socket) throws Exception {
        String reply = sendAllThenShutdown(sockets.address(socket), "add map #0 <<\nkey value\nkey2 value2\n\n".repeat(10_000));

        assertThat(payloadsRun).hasValue(10_000);
        assertThat(answers(reply, "\n")).isEqualTo(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "tcp"})
    void everyLongAnswerOfANonInteractiveScriptIsWritten(String socket) throws Exception {
        String reply = sendAllThenShutdown(sockets.address(socket), "show info\n".repeat(5_000));

        assertThat(answers(reply, INFO + "\n")).isEqualTo(5_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "tcp"})
    void everyLongAnswerOfAnInteractiveScriptEndingWithQuitIsWritten(String socket) throws Exception {
        String reply = sendAllThenShutdown(sockets.address(socket), "prompt\n" + "show info\n".repeat(5_000) + "quit\n");

        assertThat(reply).startsWith("\n> ");
        assertThat(answers(reply.substring(3), INFO + "\n> ")).isEqualTo(5_000);
    }

    /** How many times {@code reply} is {@code answer} over and over; -1 when it is anything else. */
    private static int answers(String reply, String answer) {
        int count = reply.length() / answer.length();
        return reply.equals(answer.repeat(count)) ? count : -1;
    }

    private static String weightLines(int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("set weight be/s ").append(i % 256).append('\n');
        }
        return lines.toString();
    }

    /**
     * As socat does: one thread sends the whole script then shuts the sending side, while this one
     * reads the answers until the server closes.
     */
    private static String sendAllThenShutdown(SocketAddress address, String script) throws Exception {
        try (SocketChannel channel = SocketChannel.open(address instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET)) {
            channel.connect(address);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    ByteBuffer out = ByteBuffer.wrap(script.getBytes(StandardCharsets.UTF_8));
                    while (out.hasRemaining()) {
                        channel.write(out);
                    }
                    channel.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (channel.read(in.clear()) >= 0) {
                received.write(in.array(), 0, in.position());
            }
            sent.get(SocketClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}
