package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.ganglion.runtime.balancers.Access;
import io.ganglion.runtime.balancers.Case;
import io.ganglion.runtime.balancers.Fixture;

/**
 * An argument carrying {@code ;} or a new line cannot run a second command. The control test
 * first shows that the balancer WOULD run the smuggled command if those bytes reached it.
 */
class InjectionTest {

    private static final String SMUGGLED = "disable server be_app/web2";

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.ganglion.runtime.balancers.Case#all")
    void smuggledCommandsNeverReachTheSocket(Case c) throws IOException {
        try (Fixture fixture = Fixture.start(c.target(), dir)) {
            RuntimeApi api = c.access().open(fixture.sockets());
            try {
                for (String separator : List.of(";", "\n", "\r\n", " ; ")) {
                    assertThatIllegalArgumentException().isThrownBy(
                            () -> api.getWeight("be_app", "web1" + separator + SMUGGLED));
                    assertThatIllegalArgumentException().isThrownBy(
                            () -> api.setServerWeight("be_app" + separator + SMUGGLED, "web1", Weight.absolute(1)));
                    assertThatIllegalArgumentException().isThrownBy(
                            () -> api.addServer("be_app", "web9", "127.0.0.1:1", List.of("weight" + separator + SMUGGLED)));
                    assertThatIllegalArgumentException().isThrownBy(
                            () -> api.execute("get weight be_app/web1" + separator + SMUGGLED));
                    assertThatIllegalArgumentException().isThrownBy(
                            () -> api.setFrontendMaxconn("fe_main" + separator + SMUGGLED, 1));
                }
                assertThat(api.showServersState("be_app")).extracting(ServerState::serverName, ServerState::adminState)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("web1", 0),
                                org.assertj.core.groups.Tuple.tuple("web2", 0),
                                org.assertj.core.groups.Tuple.tuple("web3", 0));
                assertThat(api.getWeight("be_app", "web1").current()).isEqualTo(100);

                // Control: the same bytes written raw do run the second command.
                writeRaw(fixture, "get weight be_app/web1;" + SMUGGLED + "\n");
                await().atMost(Duration.ofSeconds(30)).until(
                        () -> api.showServersState("be_app").get(1).inMaintenance());
            } finally {
                Access.close(api);
            }
        }
    }

    private static void writeRaw(Fixture fixture, String bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fixture.sockets().adminTcpPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            in.readAllBytes(); // non-interactive: the balancer closes once it has answered
        }
    }
}
