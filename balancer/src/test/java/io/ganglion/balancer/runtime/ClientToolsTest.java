package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static io.ganglion.balancer.testing.RequiredTool.require;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.config.StatsSocketSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' own tools, the real {@code socat} and {@code nc} binaries, get the same bytes
 * from our sockets as from HAProxy's (skipped with a message when a binary is absent).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientToolsTest {
    private StatsSocketFixture sockets;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        sockets = new StatsSocketFixture(directory, HaproxyCommandDoubles.captureRegistry());
    }

    @AfterAll
    void stop() {
        sockets.close();
    }

    @Test
    void socatGetsHaproxysHelpOnTheUnixSocket() throws Exception {
        String reply = run(input("help\n"), "socat", "-t", "5", "stdio", "unix-connect:" + sockets.adminPath);

        assertThat(reply).isEqualTo(haproxyReply("005"));
    }

    @Test
    void socatOverTcpGetsTheSameAnswers() throws Exception {
        String reply = run(input("show cli level; foo\n"), "socat", "-t", "5", "stdio", "tcp4:127.0.0.1:" + sockets.tcpPort());

        assertThat(reply).isEqualTo("admin\n\n" + haproxyReply("345"));
    }

    @Test
    void ncInPromptModeSeesThePromptsAndQuitCloses() throws Exception {
        String reply = run(input("prompt\nget weight be_app/web1\nquit\n"), "nc", "-U", sockets.adminPath.toString());

        assertThat(reply).isEqualTo(haproxyReply("368"));
    }

    @Test
    void ncOnTheUserSocketIsRefusedAdminCommands() throws Exception {
        String reply = run(input("set server be_app/web1 state drain\n"), "nc", "-U", sockets.userPath.toString());

        assertThat(reply).isEqualTo(haproxyReply("348"));
    }

    @Test
    void theNioTransportServesUnixAndTcpSocketsToo(@TempDir Path directory) throws Exception {
        Path path = directory.resolve("nio.sock");
        Source source = new Source("test.cfg", 1);
        try (StatsSocketServer server = StatsSocketServer.start(List.of(
                new StatsSocketSpec(path, null, 0600, AccessLevel.ADMIN, source),
                new StatsSocketSpec(null, new InetSocketAddress("127.0.0.1", 0), -1, AccessLevel.USER, source)),
                CommandRegistry.builder().build(), Duration.ofMinutes(1), SocketTransport.NIO)) {

            assertThat(run(input("prompt\nshow cli level\n"), "socat", "-t", "5", "stdio", "unix-connect:" + path))
                    .isEqualTo("\n> admin\n\n> ");
            assertThat(SocketClient.socatExchange(server.boundAddresses().get(1), "show cli level\n")).isEqualTo("user\n\n");
            assertThat(SocketClient.socatExchange(UnixDomainSocketAddress.of(path), "show cli level\n")).isEqualTo("admin\n\n");
        }
        assertThat(path).doesNotExist();
    }

    private static String haproxyReply(String capture) {
        return new String(CaptureManifest.exchange(capture).haproxyReply(), StandardCharsets.UTF_8);
    }

    private static Path input(String text) throws IOException {
        Path file = Files.createTempFile("cli-input", ".txt");
        Files.writeString(file, text);
        file.toFile().deleteOnExit();
        return file;
    }

    private static String run(Path input, String... command) throws Exception {
        require(onPath(command[0]), command[0] + " is not installed: skipping (apt-get install socat netcat-openbsd)");
        Process process = new ProcessBuilder(command).redirectInput(input.toFile()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command[0] + " finished").isTrue();
        assertThat(process.exitValue()).as(command[0] + " exit status; stderr: "
                + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String binary) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }
}
