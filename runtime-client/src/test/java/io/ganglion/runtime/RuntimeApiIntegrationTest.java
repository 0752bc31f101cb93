package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.ganglion.runtime.balancers.Access;
import io.ganglion.runtime.balancers.Case;
import io.ganglion.runtime.balancers.Fixture;
import io.ganglion.runtime.balancers.HttpBackend;
import io.ganglion.runtime.balancers.SharedFixtures;

/**
 * Every typed call against every balancer target (HAProxy 2.6 for now), once through a
 * {@link RuntimeClient} on the unix socket and once through a {@link RuntimeSession} on TCP.
 * Cases share one balancer per target running {@link io.ganglion.runtime.balancers.Topology},
 * put back to its starting state after each case ({@link SharedFixtures}); a case that needs a
 * process nobody has touched yet (settings the socket cannot set back) starts its own.
 */
class RuntimeApiIntegrationTest {

    private static final String CASES = "io.ganglion.runtime.balancers.Case#all";
    /** Far below the 60 s read timeout: a reply that lacked its end marker would hang until then. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);

    @RegisterExtension
    static final SharedFixtures shared = new SharedFixtures();

    @TempDir
    Path dir;

    private Case current;
    private Fixture fixture;
    private boolean ownFixture;
    private RuntimeApi api;

    /** The target's shared balancer, in the state its config starts it in. */
    private void start(Case c) throws IOException {
        current = c;
        fixture = shared.acquire(c.target());
        api = c.access().open(fixture.sockets());
    }

    /** A balancer of this case's own, for settings that cannot be set back over the socket. */
    private void startOwn(Case c) throws IOException {
        current = c;
        ownFixture = true;
        fixture = Fixture.start(c.target(), dir);
        api = c.access().open(fixture.sockets());
    }

    @AfterEach
    void stop() {
        if (api != null) {
            Access.close(api);
        }
        if (ownFixture) {
            fixture.close();
        } else if (current != null) {
            shared.release(current.target());
        }
    }

    private StatRow row(String proxy, String name) {
        return api.showStat(StatFilter.proxy(proxy)).stream()
                .filter(r -> r.svname().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stat row " + proxy + "/" + name));
    }

    private ServerState state(String backend, String server) {
        return api.showServersState(backend).stream()
                .filter(s -> s.serverName().equals(server))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no server state " + backend + "/" + server));
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void showInfoAndShowVersionDescribeTheRunningProcess(Case c) throws IOException {
        start(c);
        Info info = api.showInfo();
        assertThat(info.pid()).hasValue(fixture.balancer().pid());
        assertThat(info.version()).isNotEmpty().isEqualTo(api.showVersion());
        assertThat(info.name()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void showStatListsEveryProxyAndServer(Case c) throws IOException {
        start(c);
        assertThat(api.showStat()).extracting(r -> r.pxname() + "/" + r.svname())
                .contains("fe_main/FRONTEND", "be_app/web1", "be_app/web2", "be_app/web3", "be_app/BACKEND",
                        "be_solo/only1", "be_solo/BACKEND");
        StatRow web1 = row("be_app", "web1");
        assertThat(web1.type()).isEqualTo(StatRow.Type.SERVER);
        assertThat(web1.weight()).hasValue(100);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(row("be_app", "web1").checkStatus()).isEqualTo("L7OK"));
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void showStatFiltersByProxyTypeAndServerId(Case c) throws IOException {
        start(c);
        assertThat(api.showStat(new StatFilter("be_app", java.util.Set.of(StatFilter.Kind.SERVERS), -1)))
                .extracting(StatRow::svname).containsExactly("web1", "web2", "web3");
        assertThat(api.showStat(StatFilter.kinds(StatFilter.Kind.FRONTENDS)))
                .extracting(StatRow::type).containsOnly(StatRow.Type.FRONTEND);
        assertThat(api.showStat(new StatFilter("be_app", java.util.Set.of(StatFilter.Kind.SERVERS), 2)))
                .extracting(StatRow::svname).containsExactly("web2");
        assertThatThrownBy(() -> api.showStat(StatFilter.proxy("nope"))).isInstanceOf(NoSuchBackendException.class);
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void showStatTypedAndJsonCarryTheSameRows(Case c) throws IOException {
        start(c);
        assertThat(api.showStatTyped(StatFilter.proxy("be_solo")))
                .filteredOn(f -> f.name().equals("svname"))
                .extracting(TypedStatField::objectType, TypedStatField::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple('S', "only1"),
                        org.assertj.core.groups.Tuple.tuple('B', "BACKEND"));
        assertThat(api.showStatJson(StatFilter.proxy("be_solo"))).startsWith("[").contains("\"only1\"");
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void showServersStateAndShowBackend(Case c) throws IOException {
        start(c);
        assertThat(api.showServersState()).extracting(s -> s.backendName() + "/" + s.serverName())
                .containsExactly("be_app/web1", "be_app/web2", "be_app/web3", "be_solo/only1");
        assertThat(api.showServersState("be_solo")).extracting(ServerState::port)
                .containsExactly(fixture.topology().httpPort());
        assertThatThrownBy(() -> api.showServersState("nope")).isInstanceOf(NoSuchBackendException.class);
        assertThat(api.showBackends()).contains("be_app", "be_solo").doesNotContain("# name");
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void serverStatesDrainMaintAndReady(Case c) throws IOException {
        start(c);
        api.setServerState("be_app", "web3", AdminState.DRAIN);
        assertThat(state("be_app", "web3").draining()).isTrue();
        assertThat(row("be_app", "web3").status()).startsWith("DRAIN");

        api.setServerState("be_app", "web3", AdminState.MAINT);
        assertThat(state("be_app", "web3").inMaintenance()).isTrue();
        assertThat(row("be_app", "web3").status()).isEqualTo("MAINT");

        api.setServerState("be_app", "web3", AdminState.READY);
        assertThat(state("be_app", "web3").adminState()).isZero();
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void aDrainedServerReceivesNoNewTraffic(Case c) throws Exception {
        start(c);
        api.setServerState("be_app", "web2", AdminState.MAINT);
        api.setServerState("be_app", "web3", AdminState.DRAIN);
        long web1Before = row("be_app", "web1").stot();
        long web3Before = row("be_app", "web3").stot();

        for (int i = 0; i < 6; i++) {
            assertThat(HttpBackend.get(fixture.topology().frontendPort())).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(row("be_app", "web1").stot()).isEqualTo(web1Before + 6));
        assertThat(row("be_app", "web3").stot()).isEqualTo(web3Before);
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void weightsAbsoluteRelativeAndTheOlderSpelling(Case c) throws IOException {
        start(c);
        api.setServerWeight("be_app", "web1", Weight.absolute(50));
        assertThat(api.getWeight("be_app", "web1")).isEqualTo(new ServerWeight(50, 100));
        api.setServerWeight("be_app", "web1", Weight.percent(20));
        assertThat(api.getWeight("be_app", "web1")).isEqualTo(new ServerWeight(20, 100));
        api.setWeight("be_app", "web1", Weight.absolute(75));
        assertThat(api.getWeight("be_app", "web1").current()).isEqualTo(75);
        api.setWeight("be_app", "web1", Weight.percent(150));
        assertThat(row("be_app", "web1").weight()).hasValue(150);
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void weightErrorsWithoutABlankLineReturnPromptlyAsInvalidArgument(Case c) throws IOException {
        start(c);
        for (String bad : List.of("abc", "10abc")) {
            Answer answer = assertTimeoutPreemptively(PROMPTLY,
                    () -> api.execute("set server be_app/web1 weight " + bad));
            assertThat(answer.failure()).get().isInstanceOf(InvalidArgumentException.class);
        }
        assertThat(api.getWeight("be_app", "web1").current()).isEqualTo(100);
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void addressChangesAreReportedAsSuccess(Case c) throws IOException {
        start(c);
        assertThat(api.setServerAddr("be_app", "web2", "127.0.0.2"))
                .startsWith("IP changed from '127.0.0.1' to '127.0.0.2'");
        assertThat(state("be_app", "web2").address()).isEqualTo("127.0.0.2");
        int port = fixture.topology().httpPort();
        assertThat(api.setServerAddr("be_app", "web2", "127.0.0.2", port))
                .startsWith("no need to change the addr, port changed from");
        assertThat(state("be_app", "web2").port()).isEqualTo(port);
        assertThat(api.setServerAddr("be_app", "web2", "127.0.0.2")).startsWith("no need to change the addr");
        assertThatThrownBy(() -> api.setServerAddr("be_app", "web2", "not-an-ip"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Invalid addr 'not-an-ip'");
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void checkPortOnACheckedServerAndItsErrorOnAnUncheckedOne(Case c) throws IOException {
        startOwn(c); // an explicit check port stays in the server state: no command unsets it
        api.setServerCheckPort("be_app", "web1", fixture.topology().httpPort());
        assertThat(state("be_app", "web1").checkPort()).isEqualTo(fixture.topology().httpPort());
        CommandFailedException error = assertTimeoutPreemptively(PROMPTLY, () -> catchFailure(
                () -> api.setServerCheckPort("be_app", "web2", 1234)));
        assertThat(error.answerText()).startsWith("health checks are not enabled on this server");
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void forcedHealthStates(Case c) throws IOException {
        startOwn(c); // forcing UP leaves web3's check counter where no command can set it back
        api.setServerHealth("be_app", "web3", HealthState.DOWN);
        assertThat(row("be_app", "web3").status()).startsWith("DOWN");
        api.setServerHealth("be_app", "web3", HealthState.STOPPING);
        assertThat(row("be_app", "web3").status()).startsWith("NOLB");
        api.setServerHealth("be_app", "web3", HealthState.UP);
        assertThat(row("be_app", "web3").status()).isEqualTo("UP");
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void enableAndDisableServerAndHealth(Case c) throws IOException {
        start(c);
        api.disableServer("be_app", "web3");
        assertThat(row("be_app", "web3").status()).isEqualTo("MAINT");
        api.enableServer("be_app", "web3");
        assertThat(state("be_app", "web3").inMaintenance()).isFalse();

        api.disableHealth("be_app", "web1");
        assertThat(row("be_app", "web1").status()).isEqualTo("no check");
        api.enableHealth("be_app", "web1");
        assertThat(row("be_app", "web1").status()).isNotEqualTo("no check");
        assertThatThrownBy(() -> api.enableHealth("be_app", "web2"))
                .isExactlyInstanceOf(CommandFailedException.class)
                .hasMessageContaining("Health check was not configured");
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void enableAndDisableFrontend(Case c) throws IOException {
        start(c);
        api.disableFrontend("fe_main");
        assertThat(row("fe_main", "FRONTEND").status()).isEqualTo("PAUSED");
        api.disableFrontend("fe_main");
        api.enableFrontend("fe_main");
        assertThat(row("fe_main", "FRONTEND").status()).isEqualTo("OPEN");
        assertThatThrownBy(() -> api.enableFrontend("nope")).isInstanceOf(NoSuchFrontendException.class);
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void maxconnOfServerFrontendAndProcess(Case c) throws IOException {
        startOwn(c); // server, frontend and process limits: a process of its own, not three set-backs
        api.setServerMaxconn("be_app", "web1", 10);
        assertThat(row("be_app", "web1").slim()).hasValue(10);
        api.setFrontendMaxconn("fe_main", 500);
        assertThat(row("fe_main", "FRONTEND").slim()).hasValue(500);
        long initial = api.showInfo().maxconn().orElseThrow();
        api.setGlobalMaxconn((int) initial - 1);
        assertThat(api.showInfo().maxconn()).hasValue(initial - 1);
        assertThatThrownBy(() -> api.setGlobalMaxconn(Integer.MAX_VALUE)).isInstanceOf(InvalidArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void dynamicServersAreAddedInMaintenanceAndDeleted(Case c) throws IOException {
        start(c);
        String address = "127.0.0.1:" + fixture.topology().httpPort();
        api.addServer("be_app", "web9", address, List.of("weight", "10"));
        ServerState added = state("be_app", "web9");
        assertThat(added.inMaintenance()).isTrue();
        assertThat(added.userWeight()).isEqualTo(10);
        assertThat(added.initialWeight()).isEqualTo(10);
        // What the agent tells its weights from an operator's by: only the add sets the initial weight.
        api.setServerWeight("be_app", "web9", Weight.absolute(50));
        assertThat(state("be_app", "web9")).extracting(ServerState::userWeight, ServerState::initialWeight)
                .containsExactly(50, 10);
        assertThatThrownBy(() -> api.addServer("be_app", "web9", address, List.of()))
                .hasMessageContaining("Already exists a server with the same name");

        assertTimeoutPreemptively(PROMPTLY, () -> api.delServer("be_app", "web9"));
        assertThat(api.showServersState("be_app")).extracting(ServerState::serverName).doesNotContain("web9");
        assertThatThrownBy(() -> assertTimeoutPreemptively(PROMPTLY, () -> api.delServer("be_app", "web9")))
                .isInstanceOf(NoSuchServerException.class);
        assertThatThrownBy(() -> assertTimeoutPreemptively(PROMPTLY, () -> api.delServer("be_app", "web1")))
                .isExactlyInstanceOf(CommandFailedException.class)
                .hasMessageContaining("Only servers in maintenance mode can be deleted.");
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void clearCountersAfterRealTraffic(Case c) throws Exception {
        start(c);
        api.setServerState("be_app", "web2", AdminState.MAINT); // its port is closed
        for (int i = 0; i < 3; i++) {
            assertThat(HttpBackend.get(fixture.topology().frontendPort())).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(row("fe_main", "FRONTEND").stot()).isEqualTo(3);
            assertThat(row("fe_main", "FRONTEND").smax()).isPositive();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> row("fe_main", "FRONTEND").scur() == 0);

        api.clearCounters();
        assertThat(row("fe_main", "FRONTEND").smax()).isZero();
        assertThat(row("fe_main", "FRONTEND").stot()).isEqualTo(3);
        api.clearAllCounters();
        assertThat(row("fe_main", "FRONTEND").stot()).isZero();
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void accessLevelsAndPermissionDenied(Case c) throws IOException {
        start(c);
        assertThat(api.showCliLevel()).isEqualTo(AccessLevel.ADMIN);
        RuntimeApi user = c.access().open(fixture.sockets().user());
        try {
            assertThat(user.showCliLevel()).isEqualTo(AccessLevel.USER);
            assertThatThrownBy(() -> user.setServerState("be_app", "web3", AdminState.MAINT))
                    .isInstanceOf(PermissionDeniedException.class);
        } finally {
            Access.close(user);
        }
        assertThat(state("be_app", "web3").inMaintenance()).isFalse();
    }

    @ParameterizedTest
    @MethodSource(CASES)
    void helpAndLookupErrors(Case c) throws IOException {
        start(c);
        assertThat(api.help()).contains("show stat", "set server", "get weight");
        assertThatThrownBy(() -> api.getWeight("nope", "web1")).isInstanceOf(NoSuchBackendException.class);
        assertThatThrownBy(() -> api.getWeight("be_app", "nope")).isInstanceOf(NoSuchServerException.class);
        Answer unknown = api.execute("frobnicate now");
        assertThat(unknown.isSuccess()).isFalse();
        assertThat(unknown.text()).startsWith("Unknown command");
        assertThat(api.execute("show backend").lines()).contains("be_solo");
    }

    private static CommandFailedException catchFailure(Runnable call) {
        try {
            call.run();
        } catch (CommandFailedException e) {
            return e;
        }
        throw new AssertionError("expected a CommandFailedException");
    }
}
