package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.ganglion.runtime.balancers.Access;
import io.ganglion.runtime.balancers.BalancerTarget;
import io.ganglion.runtime.balancers.BalancerTargets;
import io.ganglion.runtime.balancers.Fixture;
import io.ganglion.runtime.balancers.SharedFixtures;

/** Endpoints, timeouts, reconnects and pipelining. */
class TransportTest {

    private static final Timeouts SHORT_READ = new Timeouts(Duration.ofSeconds(10), Duration.ofMillis(500));
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** For the cases that do not restart the balancer: one per target, restored after each case. */
    @RegisterExtension
    static final SharedFixtures shared = new SharedFixtures();

    @TempDir
    Path dir;

    static List<BalancerTarget> targets() {
        return BalancerTargets.ALL;
    }

    @ParameterizedTest
    @MethodSource("targets")
    void bothClassesWorkOverBothEndpoints(BalancerTarget target) throws IOException {
        Fixture fixture = shared.acquire(target);
        try {
            for (Endpoint endpoint : List.of(fixture.sockets().admin(), fixture.sockets().adminTcp())) {
                assertThat(new RuntimeClient(endpoint, Access.TIMEOUTS).showCliLevel()).isEqualTo(AccessLevel.ADMIN);
                try (RuntimeSession session = new RuntimeSession(endpoint, Access.TIMEOUTS)) {
                    assertThat(session.showCliLevel()).isEqualTo(AccessLevel.ADMIN);
                    assertThat(session.getWeight("be_app", "web1")).isEqualTo(new ServerWeight(100, 100));
                }
            }
        } finally {
            shared.release(target);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aSessionReconnectsAfterTheBalancerRestarts(BalancerTarget target) throws IOException {
        Fixture first = Fixture.start(target, dir);
        RuntimeSession session = new RuntimeSession(first.sockets().admin(), Access.TIMEOUTS);
        try (session) {
            long firstPid = session.showInfo().pid().orElseThrow();
            first.close();
            try (Fixture second = Fixture.start(target, dir)) {
                assertThat(session.isConnected()).isTrue(); // it does not know yet
                assertThat(session.showInfo().pid()).hasValue(second.balancer().pid()).isNotEqualTo(firstPid);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void aSessionReconnectsWhenTheServerClosedTheConnection() throws Exception {
        try (ScriptedServer server = ScriptedServer.tcp(ScriptedServer.Behaviour.ANSWERS_ONE_COMMAND_THEN_CLOSES);
             RuntimeSession session = new RuntimeSession(server.endpoint(), Access.TIMEOUTS)) {
            assertThat(session.execute("show version").text()).isEqualTo("ok\n");
            assertThat(session.execute("show version").text()).isEqualTo("ok\n");
            assertThat(server.acceptedConnections()).isEqualTo(2);
        }
    }

    @Test
    void aHangingServerTimesOutOverTcpAndUnix() throws Exception {
        try (ScriptedServer tcp = ScriptedServer.tcp(ScriptedServer.Behaviour.NEVER_ANSWERS);
             ScriptedServer unix = ScriptedServer.unix(dir.resolve("hang.sock"), ScriptedServer.Behaviour.NEVER_ANSWERS)) {
            for (Endpoint endpoint : List.of(tcp.endpoint(), unix.endpoint())) {
                assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(
                        () -> new RuntimeClient(endpoint, SHORT_READ).showVersion())
                        .isInstanceOf(RuntimeTimeoutException.class)
                        .hasMessageContaining("within 500 ms"));
                RuntimeSession session = new RuntimeSession(endpoint, SHORT_READ);
                assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(session::showVersion)
                        .isInstanceOf(RuntimeTimeoutException.class));
                assertThat(session.isConnected()).isFalse();
                session.close();
            }
        }
    }

    @Test
    void anUnreachableSocketIsATransportErrorNamingIt() {
        Path missing = dir.resolve("missing.sock");
        assertThatThrownBy(() -> new RuntimeClient(new UnixSocketEndpoint(missing), SHORT_READ).showVersion())
                .isInstanceOf(RuntimeTransportException.class)
                .hasMessageContaining(missing.toString());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aPipelinedBatchKeepsEachAnswerWithItsCommand(BalancerTarget target) throws IOException {
        Fixture fixture = shared.acquire(target);
        try (RuntimeSession session = new RuntimeSession(fixture.sockets().admin(), Access.TIMEOUTS)) {
            List<Command> batch = List.of(
                    Commands.setServerState("be_app", "web3", AdminState.DRAIN),
                    Command.parse("set server be_app/web1 weight abc"),   // error without blank line
                    Commands.getWeight("be_app", "web1"),
                    Commands.delServer("be_app", "nope"),                 // error without blank line
                    Commands.addServer("be_app", "web9", "127.0.0.1:1", List.of()),
                    Commands.showVersion());

            List<Answer> answers = assertTimeoutPreemptively(BOUND, () -> session.pipeline(batch));

            assertThat(answers).extracting(Answer::command).containsExactlyElementsOf(batch);
            assertThat(answers).extracting(Answer::isSuccess).containsExactly(true, false, true, false, true, true);
            assertThat(answers.get(1).failure()).get().isInstanceOf(InvalidArgumentException.class);
            assertThat(answers.get(2).text()).isEqualTo("100 (initial 100)\n");
            assertThat(answers.get(3).failure()).get().isInstanceOf(NoSuchServerException.class);
            assertThat(answers.get(4).text()).isEqualTo("New server registered.\n");
            assertThat(answers.get(5).text().strip()).isEqualTo(session.showVersion());
        } finally {
            shared.release(target);
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aBatchLargerThanOneWindowStillAnswersInOrder(BalancerTarget target) throws IOException {
        Fixture fixture = shared.acquire(target);
        try (RuntimeSession session = new RuntimeSession(fixture.sockets().adminTcp(), Access.TIMEOUTS)) {
            List<Command> batch = new ArrayList<>();
            IntStream.range(0, 1200).forEach(i -> batch.add(i % 2 == 0
                    ? Commands.getWeight("be_app", "web1")
                    : Commands.setServerWeight("be_app", "web3", Weight.absolute(i % 256))));
            assertThat(batch.stream().mapToInt(c -> c.line().length() + 1).sum()).isGreaterThan(2 * RuntimeSession.WINDOW_BYTES);

            List<Answer> answers = assertTimeoutPreemptively(BOUND, () -> session.pipeline(batch));

            assertThat(answers).hasSize(1200).allMatch(Answer::isSuccess);
            assertThat(answers.get(1198).text()).isEqualTo("100 (initial 100)\n");
            assertThat(session.getWeight("be_app", "web3").current()).isEqualTo(1199 % 256);
        } finally {
            shared.release(target);
        }
    }
}
