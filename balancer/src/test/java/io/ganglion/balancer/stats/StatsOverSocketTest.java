package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics commands over a real stats socket, after real traffic. */
class StatsOverSocketTest {
    @TempDir
    Path dir;

    @Test
    void showStatShowInfoShowServersStateAndClearCountersOverTheSocket() throws Exception {
        Path admin = dir.resolve("admin.sock");
        Path user = dir.resolve("user.sock");
        try (TestHttpBackend web1 = new TestHttpBackend("web1");
                RunningBalancer lb = RunningBalancer.start("""
                        global
                            stats socket %s level admin
                            stats socket %s level user
                        defaults
                            mode http
                            timeout connect 1s
                            timeout client 20s
                            timeout server 20s
                        frontend fe_main
                            bind 127.0.0.1:${PORT}
                            default_backend be_app
                        backend be_app
                            server web1 127.0.0.1:%d weight 7
                        """.formatted(admin, user, web1.port()))) {
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < 25; i++) {
                assertThat(client.send(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(200);
            }
            String csv = StatsSocket.send(admin, "show stat");
            assertThat(csv).startsWith("# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,").endsWith(",\n\n");
            List<String> header = Arrays.asList(csv.substring(2, csv.indexOf('\n')).split(","));
            String serverRow = csv.lines().filter(l -> l.startsWith("be_app,web1,")).findFirst().orElseThrow();
            List<String> cells = Arrays.asList(serverRow.split(",", -1));
            assertThat(cells.get(header.indexOf("stot"))).isEqualTo("25");
            assertThat(cells.get(header.indexOf("hrsp_2xx"))).isEqualTo("25");
            assertThat(cells.get(header.indexOf("weight"))).isEqualTo("7");
            assertThat(cells.get(header.indexOf("status"))).isEqualTo("no check");
            assertThat(cells.get(header.indexOf("addr"))).isEqualTo("127.0.0.1:" + web1.port());
            // Below operator level the address is hidden.
            String userCsv = StatsSocket.send(user, "show stat");
            String userRow = userCsv.lines().filter(l -> l.startsWith("be_app,web1,")).findFirst().orElseThrow();
            assertThat(Arrays.asList(userRow.split(",", -1)).get(header.indexOf("addr"))).isEmpty();

            assertThat(StatsSocket.send(admin, "show info")).startsWith("Name: Ganglion\nVersion: ");
            assertThat(StatsSocket.send(admin, "show servers state be_app")).startsWith("1\n# be_id be_name srv_id srv_name ")
                    .contains(" be_app 1 web1 127.0.0.1 2 0 7 7 ");
            assertThat(StatsSocket.send(admin, "show servers state nope")).isEqualTo("Can't find backend.\n\n");
            assertThat(StatsSocket.send(admin, "show stat nope -1 -1")).isEqualTo("No such proxy.\n\n");
            assertThat(StatsSocket.send(admin, "show backend")).isEqualTo("# name\nbe_app\n\n");

            assertThat(StatsSocket.send(user, "clear counters all")).isEqualTo("Permission denied\n\n");
            assertThat(StatsSocket.send(admin, "clear counters all")).isEqualTo("\n");
            String cleared = StatsSocket.send(admin, "show stat be_app 4 -1");
            String clearedRow = cleared.lines().filter(l -> l.startsWith("be_app,web1,")).findFirst().orElseThrow();
            assertThat(Arrays.asList(clearedRow.split(",", -1)).get(header.indexOf("stot"))).isEqualTo("0");
        }
    }
}
