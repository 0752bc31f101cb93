package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code src_inc_gpc0/1}, {@code src_clr_gpc0/1} fetches (an entry made for an address not in
 * the table) and the {@code table_X(T)} converters (a key not in the table, a data type the table
 * does not store, the {@code server_id} a stick rule stored), read by a live HAProxy 2.6 and by
 * the balancer on the same configuration and requests. Skipped when {@code /usr/sbin/haproxy} is
 * absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CounterFetchesComparisonTest {
    private final TestHttpBackend web = new TestHttpBackend("web1");
    private final Map<Path, Integer> ports = new HashMap<>();
    private SameConfigPair pair;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        pair = SameConfigPair.start(directory, socket -> {
            int port = Ports.free();
            ports.put(socket, port);
            return """
                    global
                        stats socket %s level admin
                    defaults
                        mode http
                        timeout connect 1s
                        timeout client 10s
                        timeout server 10s
                    frontend fe_gpc
                        bind 127.0.0.1:%d
                        stick-table type ip size 100 expire 1m store gpc0,gpc1,gpc0_rate(10s),http_req_rate(10s),conn_cnt
                        http-request track-sc0 src if { path /track }
                        http-request return status 200 content-type text/plain lf-string "%%[src_inc_gpc0] %%[src_inc_gpc0] %%[src_inc_gpc1] %%[src_get_gpc0] %%[src_gpc0_rate] %%[src_clr_gpc0] %%[src_get_gpc0] %%[src_clr_gpc1] %%[src,table_gpc0(fe_gpc)] %%[src,table_gpc0_rate(fe_gpc)] %%[src,table_http_req_rate(fe_gpc)] %%[str(10.9.9.9),table_gpc0(fe_gpc)] %%[src,table_conn_cnt(fe_gpc)] %%[src,table_gpc1_rate(fe_gpc)]. %%[src,table_server_id(be_st)] %%[src_inc_gpc0(t_other)]. %%[src_clr_gpc1(t_other)]." if { path /show }
                        use_backend be_st if { path /st }
                        default_backend be_app
                    backend be_st
                        stick-table type ip size 100 expire 1m
                        stick on src
                        server web1 127.0.0.1:%d
                    backend be_app
                        server web1 127.0.0.1:%d
                    backend t_other
                        stick-table type ip size 100 expire 1m store gpt0
                    """.formatted(socket, port, web.port(), web.port());
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
    void sourceCounterFetchesAndTableConvertersAnswerAsHaproxy() throws Exception {
        Map<Path, String> answers = new HashMap<>();
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            StringBuilder seen = new StringBuilder();
            for (String path : List.of("/show", "/show", "/st", "/show", "/track", "/track", "/show")) {
                String answer = RawHttp.exchange("127.0.0.51", ports.get(socket),
                        "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                seen.append(path).append(' ').append(answer.substring(answer.indexOf("\r\n\r\n") + 4).trim()).append('\n');
            }
            // the last tracked stream lets its entry go once its connection is closed, maybe after the answer
            await().atMost(Duration.ofSeconds(10)).until(() -> StatsSocket.send(socket, "show table fe_gpc").contains(" use=0 "));
            for (String table : List.of("fe_gpc", "t_other", "be_st")) {
                seen.append(StatsSocket.send(socket, "show table " + table));
            }
            answers.put(socket, seen.toString().replaceAll("(?m)^0x[0-9a-f]+:", "0x?:").replaceAll(" exp=[0-9]+", " exp=?"));
        }
        assertThat(answers.get(pair.ourSocket())).isEqualTo(answers.get(pair.haproxySocket()));
        assertThat(answers.get(pair.ourSocket())).startsWith("/show 1 2 1 2 ");
    }
}
