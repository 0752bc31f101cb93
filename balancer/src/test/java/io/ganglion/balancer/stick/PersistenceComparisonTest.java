package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server persistence ({@code stick on}, {@code stick match}, {@code stick store-request},
 * {@code stick store-response}) run by a live HAProxy 2.6 and by the balancer on the same
 * configuration, the same requests sent to both from chosen client addresses, one connection
 * each: the server that answers each request and the tables afterwards ({@code server_id},
 * {@code server_key}; entry addresses and expiry times masked) are the same. Skipped when
 * {@code /usr/sbin/haproxy} is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersistenceComparisonTest {
    /**
     * Two servers where one goes down: the request that moves has one server left, so that what is
     * compared is persistence, not where round robin stands after a state change (which differs).
     */
    private static final String TWO_SERVERS = """
                server web1 127.0.0.1:%d
                server web2 127.0.0.1:%d
            """;

    private static final String SERVERS = """
                server web1 127.0.0.1:%d
                server web2 127.0.0.1:%d
                server web3 127.0.0.1:%d
            """;

    private final List<TestHttpBackend> webs = List.of(new TestHttpBackend("web1"), new TestHttpBackend("web2"),
            new TestHttpBackend("web3"));
    /** Each side's frontend ports, by the socket path its configuration was made for. */
    private final Map<Path, int[]> ports = new HashMap<>();
    private SameConfigPair pair;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        String servers = SERVERS.formatted(webs.get(0).port(), webs.get(1).port(), webs.get(2).port());
        String two = TWO_SERVERS.formatted(webs.get(0).port(), webs.get(1).port());
        pair = SameConfigPair.start(directory, socket -> {
            int[] p = {Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free()};
            ports.put(socket, p);
            return """
                    global
                        stats socket %s level admin
                    defaults
                        mode http
                        balance roundrobin
                        timeout connect 1s
                        timeout client 10s
                        timeout server 10s
                    frontend fe_http
                        bind 127.0.0.1:%d
                        default_backend be_http
                    frontend fe_tcp
                        mode tcp
                        bind 127.0.0.1:%d
                        default_backend be_tcp
                    frontend fe_hdr
                        bind 127.0.0.1:%d
                        default_backend be_hdr
                    frontend fe_resp
                        bind 127.0.0.1:%d
                        default_backend be_resp
                    backend be_http
                        stick-table type ip size 100 expire 1m
                        stick on src
                    %s
                    backend be_tcp
                        mode tcp
                        stick-table type ip size 100 expire 1m store conn_cnt
                        stick on src
                    %s
                    backend be_hdr
                        stick-table type string len 32 size 100 expire 1m
                        stick match req.hdr(x-user)
                        stick store-request req.hdr(x-user)
                        stick store-request src
                    %s
                    backend be_resp
                        stick match src table t_resp if !{ path /free }
                        stick store-response src table t_resp
                    %s
                    backend t_resp
                        stick-table type ip size 100 expire 1m store gpc0
                    frontend fe_cook
                        bind 127.0.0.1:%d
                        default_backend be_cook
                    backend be_cook
                        stick-table type string len 32 size 100 expire 1m
                        stick match req.cook(sid)
                        stick store-response res.cook(sid)
                        server a 127.0.0.1:%d
                        server b 127.0.0.1:%d
                    # two servers that set the cookie sid to the request's X-User, in front of web1 and web2
                    frontend fe_set_a
                        bind 127.0.0.1:%d
                        http-request set-var(txn.user) req.hdr(x-user)
                        http-response add-header Set-Cookie "sid=%%[var(txn.user)]; Path=/"
                        default_backend b_web1
                    frontend fe_set_b
                        bind 127.0.0.1:%d
                        http-request set-var(txn.user) req.hdr(x-user)
                        http-response add-header Set-Cookie "sid=%%[var(txn.user)]; Path=/"
                        default_backend b_web2
                    backend b_web1
                        server web1 127.0.0.1:%d
                    backend b_web2
                        server web2 127.0.0.1:%d
                    frontend fe_match
                        bind 127.0.0.1:%d
                        default_backend be_match
                    backend be_match
                        stick match src table t_match
                    %s
                    backend t_match
                        stick-table type ip size 100 expire 1m
                    listen li_stick
                        bind 127.0.0.1:%d
                        stick-table type ip size 100 expire 1m
                        stick on src
                    %s
                    """.formatted(socket, p[0], p[1], p[2], p[3], two, two, servers, servers, p[4], p[5], p[6], p[5], p[6],
                    webs.get(0).port(), webs.get(1).port(), p[7], two, p[8], two);
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        webs.forEach(TestHttpBackend::close);
    }

    @Test
    void stickOnSrcKeepsAClientOnOneServerAndFollowsItWhenTheServerGoesDown() throws Exception {
        List<String> steps = List.of("GET 127.0.0.11 x3", "GET 127.0.0.12 x3", "GET 127.0.0.11 x2",
                "show table be_http", "disable server be_http/web1", "GET 127.0.0.11 x3", "GET 127.0.0.12 x2",
                "show table be_http", "enable server be_http/web1", "GET 127.0.0.11 x2", "GET 127.0.0.12",
                "show table be_http", "set server be_http/web2 health down", "GET 127.0.0.11 x2", "show table be_http",
                "set server be_http/web2 health up");
        List<String> haproxy = run(steps, pair.haproxySocket(), 0);
        List<String> ours = run(steps, pair.ourSocket(), 0);
        assertThat(ours).isEqualTo(haproxy);
        assertThat(ours.get(0)).isEqualTo("web1 web1 web1");
        assertThat(ours.get(1)).isEqualTo("web2 web2 web2");
        assertThat(ours.get(2)).isEqualTo("web1 web1");
        assertThat(ours.get(3)).contains("key=127.0.0.11 use=0 exp=? server_id=1 server_key=web1");
        assertThat(ours.get(5)).as("web1 is down: the client moves").isEqualTo("web2 web2 web2");
        assertThat(ours.get(7)).contains("key=127.0.0.11 use=0 exp=? server_id=2 server_key=web2");
        assertThat(ours.get(9)).as("web1 back: the client stays where it moved (HAProxy 2.6, measured)")
                .isEqualTo("web2 web2");
        assertThat(ours.get(13)).as("web2 down by its health, not in maintenance: the client moves again")
                .isEqualTo("web1 web1");
        assertThat(ours.get(14)).contains("key=127.0.0.11 use=0 exp=? server_id=1 server_key=web1");
    }

    @Test
    void stickOnSrcInTcpModeKeepsAndMovesClientsAsHaproxy() throws Exception {
        List<String> steps = List.of("GET 127.0.0.15 x3", "GET 127.0.0.16 x2", "disable server be_tcp/web2",
                "GET 127.0.0.16 x2", "GET 127.0.0.15", "enable server be_tcp/web2", "GET 127.0.0.16",
                "show table be_tcp");
        List<String> haproxy = run(steps, pair.haproxySocket(), 1);
        List<String> ours = run(steps, pair.ourSocket(), 1);
        assertThat(ours).isEqualTo(haproxy);
        assertThat(ours.get(1)).isEqualTo("web2 web2");
        assertThat(ours.get(3)).isEqualTo("web1 web1");
        assertThat(ours.get(6)).isEqualTo("web1");
    }

    @Test
    void theFirstStoreRulePerTableWinsAndAHeaderKeyIsMatched() throws Exception {
        List<String> steps = List.of("GET 127.0.0.21 x3 alice", "GET 127.0.0.21 x2 bob", "GET 127.0.0.22 x3",
                "GET 127.0.0.23 x2 alice", "show table be_hdr");
        List<String> haproxy = run(steps, pair.haproxySocket(), 2);
        List<String> ours = run(steps, pair.ourSocket(), 2);
        assertThat(ours).isEqualTo(haproxy);
        assertThat(ours.get(0)).isEqualTo("web1 web1 web1");
        assertThat(ours.get(3)).isEqualTo("web1 web1");
        assertThat(ours.get(4)).contains("key=alice").contains("key=127.0.0.22").doesNotContain("key=127.0.0.21");
    }

    @Test
    void aStoreResponseRuleFeedsAnotherBackendsTableAndAConditionSkipsTheMatch() throws Exception {
        List<String> steps = List.of("GET 127.0.0.31 x3", "GET 127.0.0.31 x2 - /free", "GET 127.0.0.31 x2",
                "show table t_resp");
        List<String> haproxy = run(steps, pair.haproxySocket(), 3);
        List<String> ours = run(steps, pair.ourSocket(), 3);
        assertThat(ours).isEqualTo(haproxy);
        assertThat(ours.get(0)).isEqualTo("web1 web1 web1");
    }

    @Test
    void aCookieSetByTheServerIsLearntFromTheResponseAndMatchedInLaterRequests() throws Exception {
        List<String> steps = List.of("GET 127.0.0.41 x1 carol", "GET 127.0.0.41 x2 - / sid=carol",
                "GET 127.0.0.42 x1 dave", "GET 127.0.0.43 x2 - / sid=carol", "GET 127.0.0.43 x2 - / sid=dave",
                "show table be_cook");
        List<String> haproxy = run(steps, pair.haproxySocket(), 4);
        List<String> ours = run(steps, pair.ourSocket(), 4);
        assertThat(ours).isEqualTo(haproxy);
        assertThat(ours.subList(0, 5)).containsExactly("web1", "web1 web1", "web2", "web1 web1", "web2 web2");
        assertThat(ours.get(5)).contains("key=carol use=0 exp=? server_id=1 server_key=a",
                "key=dave use=0 exp=? server_id=2 server_key=b");
    }

    @Test
    void aMatchTouchesItsEntryAndSkipsAServerInMaintenanceOrDownButNotADrainingOne() throws Exception {
        List<String> steps = List.of("set table t_match key 127.0.0.61 data.server_id 2", "GET 127.0.0.61 x2",
                "show table t_match", "set server be_match/web2 state maint", "GET 127.0.0.61",
                "set server be_match/web2 state drain", "GET 127.0.0.61 x2", "set server be_match/web2 state ready",
                "set server be_match/web2 health down", "GET 127.0.0.61", "show table t_match");
        List<String> haproxy = run(steps, pair.haproxySocket(), 7);
        List<String> ours = run(steps, pair.ourSocket(), 7);
        assertThat(ours).isEqualTo(haproxy);
        assertThat(List.of(ours.get(1), ours.get(4), ours.get(6), ours.get(9)))
                .containsExactly("web2 web2", "web1", "web2 web2", "web1");
        assertThat(ours.get(10)).as("a match alone stores nothing").contains("server_id=2 server_key=-");
    }

    @Test
    void aListenSectionSticksAsABackendDoes() throws Exception {
        List<String> steps = List.of("GET 127.0.0.71 x2", "GET 127.0.0.72 x2", "GET 127.0.0.71", "show table li_stick");
        List<String> haproxy = run(steps, pair.haproxySocket(), 8);
        List<String> ours = run(steps, pair.ourSocket(), 8);
        assertThat(ours).isEqualTo(haproxy);
        assertThat(ours.subList(0, 3)).containsExactly("web1 web1", "web2 web2", "web1");
    }

    /**
     * Runs the steps on one side: {@code GET ADDRESS [xN [USER|- [PATH [COOKIE]]]]} sends N requests
     * from that address (with {@code X-User} when a user is given, {@code Cookie} when a cookie is)
     * to frontend {@code frontend} and
     * notes the servers that answered; anything else is a socket command, its answer masked.
     */
    private List<String> run(List<String> steps, Path socket, int frontend) throws Exception {
        List<String> answers = new ArrayList<>();
        for (String step : steps) {
            if (step.startsWith("GET ")) {
                String[] w = step.split(" ");
                int times = w.length > 2 ? Integer.parseInt(w[2].substring(1)) : 1;
                String user = w.length > 3 && !w[3].equals("-") ? "X-User: " + w[3] + "\r\n" : "";
                String path = w.length > 4 ? w[4] : "/";
                if (w.length > 5) {
                    user += "Cookie: " + w[5] + "\r\n";
                }
                List<String> served = new ArrayList<>();
                for (int i = 0; i < times; i++) {
                    String answer = RawHttp.exchange(w[1], ports.get(socket)[frontend],
                            "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + user + "Connection: close\r\n\r\n");
                    served.add(answer.substring(answer.indexOf("\r\n\r\n") + 4).trim());
                }
                answers.add(String.join(" ", served));
            } else {
                answers.add(StatsSocket.send(socket, step).replaceAll("(?m)^0x[0-9a-f]+:", "0x?:")
                        .replaceAll(" exp=[0-9]+", " exp=?"));
            }
        }
        return answers;
    }
}
