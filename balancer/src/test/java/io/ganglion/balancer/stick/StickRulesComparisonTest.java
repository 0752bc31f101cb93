package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The captures' {@code fe_main} rules (track-sc0, the whitelist, the rate ACL, sc-set-gpt0, the
 * deny on gpt0) run by a live HAProxy 2.6 and by the balancer on the same configuration, the same
 * requests sent to both from chosen client addresses: the status of every request and the table
 * each shows after it are the same (entry addresses and expiry times masked). Skipped when
 * {@code /usr/sbin/haproxy} is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StickRulesComparisonTest {
    private static final String RULES = """
                stick-table type ip size 1m expire %s store gpt0,http_req_rate(10s)
                http-request track-sc0 src
                acl whitelist src -f %s
                http-request allow if whitelist
                acl abuse sc_http_req_rate(0) gt 10
                http-request sc-set-gpt0(0) 1 if abuse
                http-request deny if { sc_get_gpt0(0) eq 1 }
                default_backend be_app
            """;

    /** Every counter the rules change, and the fetches reading them shown in a {@code return}. */
    private static final String COUNTING = """
                stick-table type ip size 100 expire 1m store conn_cnt,conn_cur,http_req_cnt,http_err_cnt,gpc0,gpc1,gpt0
                tcp-request content track-sc2 src table fe_conn
                http-request track-sc1 src
                http-request sc-inc-gpc0(1) if { path /inc }
                http-request sc-inc-gpc1(1) if { path /inc }
                http-request sc-set-gpt0(1) 7 if { path /inc }
                http-request sc-inc-gpc0(2) if { path /inc }
                http-request deny if { path /deny }
                http-request set-var(txn.path) path
                http-response deny if { var(txn.path) -m str /rdeny }
                http-request return status 404 if { path /ret }
                http-request return status 200 content-type text/plain lf-string "%[sc1_http_req_cnt] %[sc_get_gpc0(1)] %[sc1_conn_cur] %[sc1_tracked] %[sc0_tracked] %[sc_http_req_cnt(0)] %[src_http_req_cnt] %[src_get_gpt0] %[table_cnt] %[table_avl] %[sc_trackers(1)] %[sc1_get_gpc1] %[sc1_http_err_cnt] %[src_conn_cnt(fe_count)] %[sc2_http_req_cnt] %[sc2_conn_cur]" if { path /show }
                default_backend be_app
            """;

    /** Tracking by the connection, seen by each of its requests. */
    private static final String CONNECTION = """
                stick-table type ip size 100 expire 1m store conn_cnt,conn_cur,sess_cnt,http_req_cnt,http_err_cnt,gpc0
                tcp-request connection track-sc0 src
                http-request track-sc0 src
                http-request track-sc1 src
                http-request sc-inc-gpc0(0)
                http-request deny if { path /deny }
                http-request return status 200 content-type text/plain lf-string "%[sc0_conn_cur] %[sc0_http_req_cnt] %[sc0_conn_cnt] %[sc0_sess_cnt] %[sc0_trackers] %[sc1_trackers] %[sc0_get_gpc0]" if { path /show }
                default_backend be_app
            """;

    private final TestHttpBackend web = new TestHttpBackend("web1");
    /** Each side's frontend ports, by the socket path its configuration was made for. */
    private final Map<Path, int[]> ports = new HashMap<>();
    private SameConfigPair pair;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        Path whitelist = directory.resolve("whitelist.lst");
        Files.writeString(whitelist, "127.0.0.3\n198.51.100.0/24\n");
        pair = SameConfigPair.start(directory, socket -> {
            int[] p = {Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free()};
            ports.put(socket, p);
            return """
                    global
                        stats socket %s level admin
                    defaults
                        mode http
                        timeout connect 1s
                        timeout client 10s
                        timeout server 10s
                    frontend fe_main
                        bind 127.0.0.1:%d
                    %s
                    frontend fe_short
                        bind 127.0.0.1:%d
                    %s
                    frontend fe_count
                        bind 127.0.0.1:%d
                    %s
                    frontend fe_conn
                        bind 127.0.0.1:%d
                    %s
                    frontend fe_tcp
                        mode tcp
                        bind 127.0.0.1:%d
                        stick-table type ip size 100 expire 1m store conn_cnt,conn_cur,sess_cnt,http_req_cnt,bytes_in_cnt,bytes_out_cnt
                        tcp-request connection track-sc0 src
                        tcp-request connection reject if { sc0_conn_cnt gt 2 }
                        default_backend be_tcp
                    backend be_app
                        server web1 127.0.0.1:%d
                    backend be_tcp
                        mode tcp
                        server web1 127.0.0.1:%d
                    """.formatted(socket, p[0], RULES.formatted("15m", whitelist), p[1], RULES.formatted("1s", whitelist),
                    p[2], COUNTING, p[3], CONNECTION, p[4], web.port(), web.port());
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        web.close();
    }

    @Test
    void theCapturesBanIsLiftedAndSetAsInHaproxy() throws Exception {
        // 154: a burst of 15 from one address; then 161-170: gpt0 reset alone is undone, clear lifts, gpt0 1 bans
        List<String> steps = List.of("show table fe_main", "GET 127.0.0.1 x15", "show table fe_main",
                "set table fe_main key 127.0.0.1 data.gpt0 0", "GET 127.0.0.1", "show table fe_main key 127.0.0.1",
                "GET 127.0.0.2", "show table fe_main key 127.0.0.2",
                "clear table fe_main key 127.0.0.1", "GET 127.0.0.1", "show table fe_main key 127.0.0.1",
                "set table fe_main key 127.0.0.1 data.gpt0 1", "GET 127.0.0.1",
                "set table fe_main key 127.0.0.1 data.gpt0 0 data.http_req_rate 0", "GET 127.0.0.1",
                "show table fe_main key 127.0.0.1",
                // a whitelisted address is counted but never banned, even marked by hand
                "GET 127.0.0.3 x15", "set table fe_main key 127.0.0.3 data.gpt0 1", "GET 127.0.0.3",
                "show table fe_main key 127.0.0.3");
        List<String> haproxy = run(steps, pair.haproxySocket());
        List<String> ours = run(steps, pair.ourSocket());
        assertThat(ours).isEqualTo(haproxy);
        assertThat(ours.get(1)).isEqualTo("200 200 200 200 200 200 200 200 200 200 403 403 403 403 403");
        assertThat(ours.get(4)).isEqualTo("403");
        assertThat(ours.get(6)).as("a second address").isEqualTo("200");
        assertThat(ours.get(9)).as("after clear table ... key").isEqualTo("200");
        assertThat(ours.get(12)).as("gpt0 set to 1").isEqualTo("403");
        assertThat(ours.get(14)).as("gpt0 and the rate set to 0").isEqualTo("200");
        assertThat(ours.get(16)).doesNotContain("403");
        assertThat(ours.get(18)).isEqualTo("200");
    }

    @Test
    void aBannedAddressIsReleasedOnceItsEntryExpires() throws Exception {
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            int port = ports.get(socket)[1];
            assertThat(burst("127.0.0.4", port, 12)).as(socket.toString()).endsWith("200 403 403");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> StatsSocket.send(socket, "show table fe_short").contains("used:0"));
            assertThat(burst("127.0.0.4", port, 1)).as(socket.toString()).isEqualTo("200");
        }
    }

    @Test
    void trackedRequestsErrorsAndCountersAreCountedAsHaproxyCountsThem() throws Exception {
        web.healthStatus(404);
        List<String> paths = List.of("/show", "/", "/deny", "/ret", "/health", "/rdeny", "/inc", "/inc", "/show");
        Map<Path, String> answers = new HashMap<>();
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            StringBuilder seen = new StringBuilder();
            for (String path : paths) {
                String answer = RawHttp.exchange("127.0.0.5", ports.get(socket)[2],
                        "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                seen.append(path).append(' ').append(answer, 9, 12);
                if (path.equals("/show")) {
                    seen.append(' ').append(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                }
                seen.append('\n');
            }
            // two requests on one connection: each is tracked (and counted) as its own
            seen.append(RawHttp.exchange("127.0.0.5", ports.get(socket)[2], "GET / HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "GET /show HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").replaceAll("(?s)^.*\r\n\r\n", ""));
            // the client has the close; the stream that tracked the entry may still be ending (HAProxy: a few µs later)
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> StatsSocket.send(socket, "show table fe_count").contains(" use=0 "));
            seen.append('\n').append(StatsSocket.send(socket, "show table fe_count"));
            seen.append(StatsSocket.send(socket, "show table fe_conn key 127.0.0.5"));
            answers.put(socket, seen.toString().replaceAll("(?m)^0x[0-9a-f]+:", "0x?:").replaceAll(" exp=[0-9]+", " exp=?"));
        }
        assertThat(answers.get(pair.ourSocket())).isEqualTo(answers.get(pair.haproxySocket()));
        assertThat(answers.get(pair.ourSocket())).contains("/deny 403", "/ret 404", "/health 404", "/rdeny 502");
    }

    @Test
    void whatTheConnectionTracksIsSeenAndCountedByEachOfItsRequests() throws Exception {
        Map<Path, String> answers = new HashMap<>();
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            int port = ports.get(socket)[3];
            String head = "Host: test\r\n";
            StringBuilder seen = new StringBuilder();
            seen.append(bodies(RawHttp.exchange("127.0.0.6", port, "GET / HTTP/1.1\r\n" + head + "\r\nGET /show HTTP/1.1\r\n"
                    + head + "\r\nGET /show HTTP/1.1\r\n" + head + "Connection: close\r\n\r\n")));
            seen.append(RawHttp.exchange("127.0.0.6", port, "GET /deny HTTP/1.1\r\n" + head + "Connection: close\r\n\r\n"), 9, 12).append('\n');
            // The denied connection's trackers are released when both sides have closed, a moment
            // after the client reads the end (in HAProxy too): the next connection starts after it.
            awaitReleased(socket, "127.0.0.6");
            seen.append(bodies(RawHttp.exchange("127.0.0.6", port, "GET /show HTTP/1.1\r\n" + head + "Connection: close\r\n\r\n")));
            awaitReleased(socket, "127.0.0.6");
            seen.append(StatsSocket.send(socket, "show table fe_conn"));
            answers.put(socket, seen.toString().replaceAll("(?m)^0x[0-9a-f]+:", "0x?:").replaceAll(" exp=[0-9]+", " exp=?"));
        }
        assertThat(answers.get(pair.ourSocket())).isEqualTo(answers.get(pair.haproxySocket()));
    }

    /** Until no stream holds {@code address}'s entry of {@code fe_conn} ({@code use=0}). */
    private static void awaitReleased(Path socket, String address) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> StatsSocket.send(socket, "show table fe_conn key " + address).contains(" use=0 "));
    }

    @Test
    void aTcpConnectionTrackedByItsSourceIsCountedAndRejectedAsInHaproxy() throws Exception {
        Map<Path, String> answers = new HashMap<>();
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                String answer;
                try {
                    answer = RawHttp.exchange("127.0.0.7", ports.get(socket)[4],
                            "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                } catch (java.net.SocketException reset) {
                    answer = ""; // a rejected connection: closed or reset, by timing
                }
                seen.append(answer.isEmpty() ? "closed" : answer.substring(0, 12)).append('\n');
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> StatsSocket.send(socket, "show table fe_tcp").contains(" use=0 "));
            seen.append(StatsSocket.send(socket, "show table fe_tcp").replaceAll("(?m)^0x[0-9a-f]+:", "0x?:")
                    .replaceAll(" exp=[0-9]+", " exp=?").replaceAll(" bytes_(in|out)_cnt=[0-9]+", " bytes_$1_cnt=?"));
            answers.put(socket, seen.toString());
        }
        assertThat(answers.get(pair.ourSocket())).isEqualTo(answers.get(pair.haproxySocket()));
    }

    /** The bodies of the 200 answers of a raw exchange, one a line (status lines and heads left out). */
    private static String bodies(String exchange) {
        StringBuilder out = new StringBuilder();
        for (String part : exchange.split("HTTP/1.1 ")) {
            int body = part.indexOf("\r\n\r\n");
            if (body > 0) {
                out.append(part, 0, 3).append(' ').append(part.substring(body + 4).trim()).append('\n');
            }
        }
        return out.toString();
    }

    private static final Pattern IN_USE = Pattern.compile(" use=[1-9]");

    private List<String> run(List<String> steps, Path socket) throws Exception {
        List<String> answers = new ArrayList<>();
        for (String step : steps) {
            if (step.startsWith("GET ")) {
                String[] w = step.split(" ");
                int times = w.length > 2 ? Integer.parseInt(w[2].substring(1)) : 1;
                answers.add(burst(w[1], ports.get(socket)[0], times));
                // the client has its answer and the close; the stream holding the entry may still be ending
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(
                        () -> !IN_USE.matcher(StatsSocket.send(socket, "show table fe_main")).find());
            } else {
                answers.add(StatsSocket.send(socket, step).replaceAll("(?m)^0x[0-9a-f]+:", "0x?:")
                        .replaceAll(" exp=[0-9]+", " exp=?"));
            }
        }
        return answers;
    }

    /** The statuses of {@code times} requests from {@code client}, one connection each as curl sends them. */
    private static String burst(String client, int port, int times) throws Exception {
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            String answer = RawHttp.exchange(client, port, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
            statuses.add(answer.substring(9, 12));
        }
        return String.join(" ", statuses);
    }
}
