package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.config.StatsSocketSpec;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsSocketServerTest {
    private static final Source SOURCE = new Source("test.cfg", 7);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    private static StatsSocketSpec unix(Path path, int mode, AccessLevel level) {
        return new StatsSocketSpec(path, null, mode, level, SOURCE);
    }

    private static StatsSocketServer start(StatsSocketSpec... specs) throws StatsSocketException {
        return StatsSocketServer.start(List.of(specs), CommandRegistry.builder().build(), TIMEOUT);
    }

    @Test
    void theSocketFileGetsTheConfiguredModeAndIsRemovedOnClose() throws Exception {
        Path path = directory.resolve("admin.sock");
        StatsSocketServer server = start(unix(path, 0600, AccessLevel.ADMIN));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(SocketClient.socatExchange(UnixDomainSocketAddress.of(path), "show cli level\n")).isEqualTo("admin\n\n");
        assertThat(directory.toFile().list()).containsExactly("admin.sock");

        server.close();
        server.close();
        assertThat(path).doesNotExist();
    }

    @Test
    void otherModesAreAppliedToo() throws Exception {
        Path path = directory.resolve("group.sock");
        try (StatsSocketServer server = start(unix(path, 0660, AccessLevel.OPERATOR))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw----");
            assertThat(SocketClient.socatExchange(UnixDomainSocketAddress.of(path), "show cli level\n")).isEqualTo("operator\n\n");
        }
    }

    @Test
    void aStaleSocketFileLeftByADeadProcessIsReplaced() throws Exception {
        Path path = directory.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        assertThat(path).exists();

        try (StatsSocketServer server = start(unix(path, 0600, AccessLevel.ADMIN))) {
            assertThat(SocketClient.socatExchange(UnixDomainSocketAddress.of(path), "show cli level\n")).isEqualTo("admin\n\n");
        }
    }

    @Test
    void aSocketALiveProcessAnswersOnIsLeftAloneAndTheStartRefused() throws Exception {
        Path path = directory.resolve("live.sock");
        try (StatsSocketServer first = start(unix(path, 0600, AccessLevel.ADMIN))) {

            assertThatThrownBy(() -> start(unix(path, 0600, AccessLevel.USER)))
                    .isInstanceOf(StatsSocketException.class)
                    .hasMessage("stats socket " + path + ": another process is already listening on it (is another balancer running?)");

            assertThat(SocketClient.socatExchange(UnixDomainSocketAddress.of(path), "show cli level\n")).isEqualTo("admin\n\n");
        }
    }

    @Test
    void aFileThatIsNotASocketIsNeverReplaced() throws Exception {
        Path path = directory.resolve("data.txt");
        Files.writeString(path, "precious");

        assertThatThrownBy(() -> start(unix(path, 0600, AccessLevel.ADMIN)))
                .isInstanceOf(StatsSocketException.class)
                .hasMessage("stats socket " + path + ": the file exists and is not a socket; not replacing it");
        assertThat(path).hasContent("precious");
    }

    @Test
    void whenOneSocketCannotOpenTheOthersAreClosedAgain() throws Exception {
        Path good = directory.resolve("good.sock");
        Path impossible = directory.resolve("missing-dir").resolve("x.sock");

        assertThatThrownBy(() -> start(unix(good, 0600, AccessLevel.ADMIN), unix(impossible, 0600, AccessLevel.ADMIN)))
                .isInstanceOf(StatsSocketException.class)
                .hasMessageStartingWith("stats socket " + impossible + ": cannot bind: ");
        assertThat(good).doesNotExist();
    }

    @Test
    void aBusyTcpPortIsReportedOnOneLine() throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress address = (InetSocketAddress) taken.getLocalAddress();

            assertThatThrownBy(() -> start(new StatsSocketSpec(null, address, -1, AccessLevel.ADMIN, SOURCE)))
                    .isInstanceOf(StatsSocketException.class)
                    .hasMessageStartingWith("stats socket ipv4@127.0.0.1:" + address.getPort() + ": cannot bind: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void severalSocketsEachAnswerAtTheirOwnLevel(@TempDir Path other) throws Exception {
        try (StatsSocketFixture sockets = new StatsSocketFixture(other, CommandRegistry.builder().build())) {
            assertThat(SocketClient.socatExchange(sockets.address("admin"), "show cli level\n")).isEqualTo("admin\n\n");
            assertThat(SocketClient.socatExchange(sockets.address("user"), "show cli level\n")).isEqualTo("user\n\n");
            assertThat(SocketClient.socatExchange(sockets.address("tcp"), "show cli level\n")).isEqualTo("admin\n\n");
        }
    }

    @Test
    void twoHundredClientsConnectedAtOnceAreAllAnswered(@TempDir Path other) throws Exception {
        try (StatsSocketFixture sockets = new StatsSocketFixture(other, CommandRegistry.builder().build())) {
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    String socket = i % 2 == 0 ? "admin" : "tcp";
                    SocketChannel client = SocketChannel.open(sockets.address(socket));
                    clients.add(client);
                }
                for (SocketChannel client : clients) {
                    client.write(ByteBuffer.wrap("prompt\nshow cli level\n".getBytes(StandardCharsets.UTF_8)));
                }
                for (SocketChannel client : clients) {
                    client.write(ByteBuffer.wrap("quit\n".getBytes(StandardCharsets.UTF_8)));
                    client.shutdownOutput();
                }
                for (SocketChannel client : clients) {
                    assertThat(readToEnd(client)).isEqualTo("\n> admin\n\n> ");
                }
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
        }
    }

    private static String readToEnd(SocketChannel client) throws Exception {
        var received = new java.io.ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (client.read(buffer.clear()) >= 0) {
            received.write(buffer.array(), 0, buffer.position());
        }
        return received.toString(StandardCharsets.UTF_8);
    }
}
