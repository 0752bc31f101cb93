package io.ganglion.balancer.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerSettings;
import io.ganglion.balancer.testing.CaptureLikeSetup;
import io.ganglion.balancer.testing.Captures;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RunningBalancer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code show servers state} against the captures, and the server-state-file across a restart. */
class ServerStateTest {
    @TempDir
    Path dir;

    @Test
    void showServersStateMatchesTheCaptureExceptAgesAndPorts() throws Exception {
        try (CaptureLikeSetup setup = CaptureLikeSetup.start().awaitChecked()) {
            Balancer b = setup.balancer().balancer();
            List<String> ours = ShowServersState.answer(b, null).lines().toList();
            List<String> theirs = Captures.read("032-show-servers-state.txt").lines().toList();
            assertThat(ours.subList(0, 2)).isEqualTo(theirs.subList(0, 2));
            assertThat(ours).hasSameSizeAs(theirs);
            for (int i = 2; i < theirs.size() - 1; i++) {
                assertThat(masked(ours.get(i))).isEqualTo(masked(theirs.get(i)));
            }
            assertThat(ShowServersState.answer(b, "be_app")).endsWith("\n\n").startsWith("1\n# be_id ");
            assertThat(ShowServersState.answer(b, "nope")).isEqualTo(Captures.read("391-show-servers-state-nope.txt"));
        }
    }

    /**
     * Run-to-run values: srv_time_since_last_change (10th), srv_port (19th), and whether a check was
     * running at that instant (srv_check_state bit 0x1, during which srv_check_result reads 0).
     */
    private static String masked(String line) {
        String[] f = line.split(" ");
        f[9] = "T";
        f[18] = "P";
        f[11] = "R";
        f[13] = Integer.toString(Integer.parseInt(f[13]) & ~1);
        return String.join(" ", f);
    }

    @Test
    void adminStateFlagsAndCheckStateFollowRunTimeChanges() throws Exception {
        try (CaptureLikeSetup setup = CaptureLikeSetup.start().awaitChecked()) {
            Balancer b = setup.balancer().balancer();
            setup.balancer().server("be_app", "web1").update(s -> s.withAdmin(AdminState.DRAIN), "test");
            setup.balancer().server("be_app", "web2").update(s -> s.withAdmin(AdminState.MAINT), "test");
            List<String> lines = ShowServersState.answer(b, "be_app").lines().toList();
            // as captures 044 (drain: admin 8) and 047 (maint: op 0, admin 1, health 0, check state 14)
            assertThat(lines.get(2).split(" ")).contains("2", "8").startsWith("4", "be_app", "1", "web1", "127.0.0.1", "2", "8");
            assertThat(String.join(" ", List.of(lines.get(3).split(" ")).subList(5, 14))).isEqualTo(
                    "0 1 100 100 " + lines.get(3).split(" ")[9] + " 15 3 0 14");
        }
    }

    @Test
    void aBackendWithLoadServerStateFromFileNoneKeepsItsConfiguredSettings() throws Exception {
        Path file = dir.resolve("none.state");
        String config = "global\n    server-state-file " + file + "\n" + RunningBalancer.httpTopology("",
                "    load-server-state-from-file %s\n    server s1 127.0.0.1:" + Ports.free() + " weight 10\n");
        try (RunningBalancer first = RunningBalancer.start(config.formatted("global"))) {
            first.server("be", "s1").update(s -> s.withWeight(37), "test");
            first.stopGracefully(Duration.ofSeconds(2));
        }
        try (RunningBalancer reads = RunningBalancer.start(config.formatted("global"));
                RunningBalancer ignores = RunningBalancer.start(config.formatted("none"))) {
            assertThat(reads.server("be", "s1").settings().weight()).as("the saved weight").isEqualTo(37);
            assertThat(ignores.server("be", "s1").settings().weight()).as("the configured weight").isEqualTo(10);
        }
    }

    @Test
    void runTimeChangesSurviveASaveAndARestart() throws Exception {
        Path file = dir.resolve("haproxy.state");
        InetSocketAddress moved;
        try (CaptureLikeSetup first = CaptureLikeSetup.start(dir).awaitChecked()) {
            Server web1 = first.balancer().server("be_app", "web1");
            moved = new InetSocketAddress("127.0.0.1", first.webs().get(2).port());
            web1.update(s -> s.withWeight(37).withAddress(moved).withCheckPort(first.webs().get(2).port()), "test");
            first.balancer().server("be_app", "web2").update(s -> s.withAdmin(AdminState.DRAIN), "test");
            first.balancer().server("be_app", "web3").update(s -> s.withAdmin(AdminState.MAINT), "test");
            first.balancer().stopGracefully(Duration.ofSeconds(2));
            assertThat(file).exists();
            assertThat(Files.readString(file)).startsWith("1\n# be_id be_name").contains(" web1 127.0.0.1 ");
        }
        // A second balancer on the same file: the config says otherwise, the saved state wins.
        try (CaptureLikeSetup second = CaptureLikeSetup.start(dir)) {
            ServerSettings web1 = second.balancer().server("be_app", "web1").settings();
            assertThat(web1.weight()).isEqualTo(37);
            assertThat(web1.address()).isEqualTo(moved);
            assertThat(web1.checkPort()).isEqualTo(moved.getPort());
            assertThat(second.balancer().server("be_app", "web2").settings().admin()).isEqualTo(AdminState.DRAIN);
            assertThat(second.balancer().server("be_app", "web3").settings().admin()).isEqualTo(AdminState.MAINT);
        }
    }

    @Test
    void malformedLinesAreSkippedWithoutFailingTheStartAndUnknownServersAreIgnored() throws Exception {
        Path file = dir.resolve("haproxy.state");
        Files.writeString(file, """
                1
                # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight ...
                4 be_app 1 web1 127.0.0.1 2 0 55 100 6 15 3 4 6 0 0 0 - 18081 - 0 0 - - 0
                4 be_app 2 web2 not-an-ip 2 0 100 100 6 15 3 4 6 0 0 0 - 18082 - 0 0 - - 0
                4 be_app 3 web3 127.0.0.1 2 x 100 100
                4 be_app 9 web9 127.0.0.1 2 1 100 100 6 15 3 4 6 0 0 0 - 18089 - 0 0 - - 0
                4 nope 1 web1 127.0.0.1 2 1 100 100 6 15 3 4 6 0 0 0 - 18089 - 0 0 - - 0
                4 be_app 3 web3 127.0.0.1 2 1 100 100 6 15 3 4 6 0 0 0 - 18083 - 0 0 - - 0
                """);
        try (CaptureLikeSetup setup = CaptureLikeSetup.start(dir)) {
            Balancer b = setup.balancer().balancer();
            assertThat(setup.balancer().server("be_app", "web1").settings().weight()).isEqualTo(55);
            assertThat(setup.balancer().server("be_app", "web2").settings().address().getPort())
                    .isEqualTo(setup.webs().get(1).port());
            assertThat(setup.balancer().server("be_app", "web3").settings().admin()).isEqualTo(AdminState.MAINT);
            assertThat(b.backend("be_app").orElseThrow().servers()).hasSize(3);
            assertThat(ServerStateFile.apply(b, dir.resolve("missing.state"))).isZero();
        }
    }
}
