package io.ganglion.balancer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mutating server and frontend command, sent over a real unix stats socket, judged by real traffic. */
@Tag("serial") // alone after the parallel classes: a queue read while the held request's 1.5 s delay runs: a stall longer than that empties it
class ServerCommandsTrafficTest {
    @TempDir
    Path dir;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<TestHttpBackend> backends = new ArrayList<>();
    private RunningBalancer lb;
    private Path admin;
    private Path user;

    @BeforeEach
    void start() throws Exception {
        for (int i = 1; i <= 4; i++) {
            backends.add(new TestHttpBackend("web" + i));
        }
        admin = dir.resolve("admin.sock");
        user = dir.resolve("user.sock");
        lb = RunningBalancer.start("""
                global
                    stats socket %s mode 600 level admin
                    stats socket %s mode 666 level user
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 20s
                    timeout server 20s
                    timeout queue 10s
                    timeout check 2s
                frontend fe_main
                    bind 127.0.0.1:${PORT}
                    default_backend be_app
                backend be_app
                    balance roundrobin
                    option httpchk GET /health
                    server web1 127.0.0.1:%d check inter 200 weight 100
                    server web2 127.0.0.1:%d check inter 200 weight 100
                    server web3 127.0.0.1:%d check inter 200 weight 100
                """.formatted(admin, user, backends.get(0).port(), backends.get(1).port(), backends.get(2).port()));
    }

    @AfterEach
    void stop() {
        lb.close();
        backends.forEach(TestHttpBackend::close);
    }

    private String cli(String command) throws Exception {
        return StatsSocket.send(admin, command);
    }

    private Map<String, Integer> shares(int n) throws Exception {
        return lb.servedBy(n);
    }

    @Test
    void socketFilesCarryTheirModes() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(admin))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(user))).isEqualTo("rw-rw-rw-");
    }

    @Test
    void drainMaintReadyChangeWhoGetsRequests() throws Exception {
        assertThat(cli("set server be_app/web1 state drain")).isEqualTo("\n");
        assertThat(shares(30)).doesNotContainKey("web1");
        assertThat(cli("set server be_app/web2 state maint")).isEqualTo("\n");
        assertThat(shares(30)).containsOnlyKeys("web3");
        assertThat(cli("set server be_app/web1 state ready")).isEqualTo("\n");
        assertThat(cli("enable server be_app/web2")).isEqualTo("\n");
        assertThat(shares(30)).containsOnlyKeys("web1", "web2", "web3");
        assertThat(cli("disable server be_app/web3")).isEqualTo("\n");
        assertThat(shares(30)).doesNotContainKey("web3");
        assertThat(cli("set server be_app/web1 state foo"))
                .isEqualTo("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n\n");
    }

    @Test
    void absoluteAndRelativeWeightsChangeShares() throws Exception {
        assertThat(cli("set server be_app/web1 weight 0")).isEqualTo("\n");
        assertThat(cli("get weight be_app/web1")).isEqualTo("0 (initial 100)\n\n");
        assertThat(shares(30)).doesNotContainKey("web1");
        assertThat(cli("set weight be_app/web1 200%")).isEqualTo("\n");
        assertThat(cli("get weight be_app/web1")).isEqualTo("200 (initial 100)\n\n");
        Map<String, Integer> s = shares(400);
        assertThat(s.get("web1")).isBetween(190, 210); // 200 of 400 weight units
        assertThat(cli("set server be_app/web1 weight 300"))
                .isEqualTo("Absolute weight can only be between 0 and 256 inclusive.\n\n");
        assertThat(cli("set server be_app/web1 weight 10abc")).isEqualTo("Trailing garbage in weight string\n\n");
        assertThat(cli("get weight be_app/web1")).isEqualTo("200 (initial 100)\n\n");
    }

    @Test
    void addrMovesTrafficToAnotherPort() throws Exception {
        int web4 = backends.get(3).port();
        assertThat(cli("set server be_app/web1 addr 127.0.0.1 port " + web4)).isEqualTo(
                "no need to change the addr, port changed from '" + backends.get(0).port() + "' to '" + web4
                        + "' by 'stats socket command'\n\n");
        Map<String, Integer> s = shares(30);
        assertThat(s).containsKey("web4").doesNotContainKey("web1");
        assertThat(cli("set server be_app/web1 addr not-an-ip"))
                .isEqualTo("Invalid addr 'not-an-ip' by 'stats socket command'\n\n");
    }

    @Test
    void healthDownAndUpAndChecksOff() throws Exception {
        assertThat(cli("set server be_app/web2 health down")).isEqualTo("\n");
        assertThat(lb.server("be_app", "web2").settings().health()).isEqualTo(OperationalState.DOWN);
        assertThat(cli("disable health be_app/web2")).isEqualTo("\n");
        // With its checks off, the server is considered UP and takes traffic again.
        assertThat(shares(30)).containsKey("web2");
        backends.get(1).healthStatus(500);
        assertThat(cli("enable health be_app/web2")).isEqualTo("\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> lb.server("be_app", "web2").settings().health()
                == OperationalState.DOWN);
        assertThat(shares(30)).doesNotContainKey("web2");
    }

    @Test
    void frontendOffReleasesThePortAndOnRebindsIt() throws Exception {
        assertThat(cli("disable frontend fe_main")).isEqualTo("\n");
        assertThat(cli("disable frontend fe_main")).isEqualTo("All sockets are already disabled.\n\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.send(
                HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString())))
                .isInstanceOf(ConnectException.class);
        // The port is really free: another socket can bind it.
        try (var s = new java.net.ServerSocket(lb.port(), 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).isEqualTo(lb.port());
        }
        assertThat(cli("enable frontend fe_main")).isEqualTo("\n");
        assertThat(shares(3)).isNotEmpty();
        assertThat(cli("disable frontend be_app")).isEqualTo("No such frontend.\n\n");
    }

    @Test
    void maxconnServerQueuesBeyondTheLimit() throws Exception {
        for (String s : List.of("web2", "web3")) {
            cli("set server be_app/" + s + " state maint");
        }
        assertThat(cli("set maxconn server be_app/web1 1")).isEqualTo("\n");
        backends.get(0).holdRequests(); // a stays at web1 until the queue has been looked at
        var a = client.sendAsync(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        // Held, not in flight: inFlight() also counts web1's health checks.
        await().atMost(Duration.ofSeconds(10)).until(() -> backends.get(0).heldRequests() == 1);
        // web1's only slot is taken: the next requests wait in the backend's queue.
        var b = client.sendAsync(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        var c = client.sendAsync(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> lb.backend("be_app").queuedRequests() == 2);
        assertThat(backends.get(0).heldRequests()).isEqualTo(1);
        backends.get(0).releaseHeldRequests();
        assertThat(List.of(a.get(), b.get(), c.get())).allMatch(r -> r.statusCode() == 200);
        assertThat(cli("set maxconn server be_app/web1 abc")).isEqualTo("maxconn string empty or preceded by garbage\n\n");
    }

    @Test
    void addServerThenEnableItTakesTrafficAndDelServerRemovesIt() throws Exception {
        int web4 = backends.get(3).port();
        assertThat(cli("add server be_app/web4 127.0.0.1:" + web4 + " check weight 100")).isEqualTo("New server registered.\n\n");
        assertThat(shares(30)).doesNotContainKey("web4"); // new servers start in maintenance
        assertThat(cli("enable server be_app/web4")).isEqualTo("\n");
        assertThat(shares(40)).containsKey("web4");
        assertThat(cli("add server be_app/web4 127.0.0.1:" + web4)).isEqualTo(
                "Already exists a server with the same name in backend.\n\n");
        assertThat(cli("del server be_app/web4")).isEqualTo("Only servers in maintenance mode can be deleted.\n\n");
        assertThat(cli("set server be_app/web4 state maint")).isEqualTo("\n");
        assertThat(cli("del server be_app/web4")).isEqualTo("Server deleted.\n\n");
        assertThat(cli("get weight be_app/web4")).isEqualTo("No such server.\n\n");
        assertThat(shares(30)).doesNotContainKey("web4");
        assertThat(cli("add server be_app/web9 127.0.0.1:1 bogus-keyword")).isEqualTo("unknown keyword 'bogus-keyword'.\n\n");
        assertThat(cli("add server nope/web9 127.0.0.1:1")).isEqualTo("No such backend.\n\n");
    }

    @Test
    void aUserLevelSocketRefusesEveryAdminCommandAndChangesNothing() throws Exception {
        List<String> adminCommands = List.of("set server be_app/web1 state maint", "set server be_app/web1 weight 0",
                "set weight be_app/web1 0", "disable server be_app/web1", "disable health be_app/web1",
                "set maxconn server be_app/web1 1", "disable frontend fe_main", "set maxconn frontend fe_main 1",
                "set maxconn global 1", "add server be_app/x 127.0.0.1:" + Ports.free(), "del server be_app/web1");
        for (String command : adminCommands) {
            assertThat(StatsSocket.send(user, command)).as(command).isEqualTo("Permission denied\n\n");
        }
        assertThat(StatsSocket.send(user, "get weight be_app/web1")).isEqualTo("100 (initial 100)\n\n");
        assertThat(shares(30)).containsOnlyKeys("web1", "web2", "web3");
        assertThat(lb.backend("be_app").servers()).hasSize(3);
        assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
