package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad tracking lines ({@code track-sc*}, {@code sc-*} actions, a table the {@code sc_*}/{@code src_*}
 * fetches name) refused with the words {@code haproxy -c} prints for the same line, HAProxy 2.6
 * run on each one; the table names are checked once the whole file is read, as HAProxy does.
 */
class StickRuleLinesTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            defaults
                mode http
                timeout connect 5s
                timeout client 5s
                timeout server 5s
            frontend f
                bind 127.0.0.1:18999
                stick-table type ip size 1m expire 15m store gpt0,http_req_rate(10s)
            """;

    private static final String TAIL = """
                default_backend b
            frontend g
                bind 127.0.0.1:18998
                %s
                default_backend b
            backend b
                server s 127.0.0.1:1
            """;

    private static final List<String> BAD_LINES = List.of(
            "http-request track-sc0 src table nosuch",
            "http-request track-sc1 src table b",
            "http-request track-sc0",
            "http-request track-sc0 nosuchfetch",
            "http-request track-sc0 src foo",
            "http-request track-sc0 src table",
            "tcp-request connection track-sc2 src table nosuch",
            "http-request sc-set-gpt0(4) 1",
            "http-request sc-set-gpt0(0) abc",
            "http-request sc-set-gpt0(0) 1 2",
            "http-request sc-inc-gpc0(5)",
            "http-request sc-inc-gpc1(0) x",
            "http-request deny if { sc_http_req_rate(0,nosuch) gt 1 }",
            "http-request deny if { sc_conn_cur(0,b) gt 1 }",
            "http-request deny if { sc0_http_req_rate(nosuch) gt 1 }",
            "http-request deny if { src_http_req_rate(nosuch) gt 1 }",
            "http-request deny if { table_cnt(nosuch) gt 1 }");

    /** Lines in frontend {@code g}, which has no table of its own. */
    private static final List<String> BAD_LINES_WITHOUT_TABLE = List.of(
            "http-request track-sc0 src",
            "http-request deny if { src_conn_cur gt 0 }");

    @Test
    void eachBadLineIsRefusedWithHaproxysWords() throws Exception {
        HaproxyProcess.requireInstalled();
        List<String> configs = new ArrayList<>();
        BAD_LINES.forEach(l -> configs.add(HEAD + "    " + l + "\n" + TAIL.formatted("")));
        BAD_LINES_WITHOUT_TABLE.forEach(l -> configs.add(HEAD + TAIL.formatted(l)));
        for (String config : configs) {
            String theirs = ConfigCheckAlerts.haproxys(dir, config);
            List<Problem> ours = ConfigCheckAlerts.ours(config);
            assertThat(ours).as(config).hasSize(1);
            assertThat(ConfigCheckAlerts.text(ours.get(0))).as(config).isEqualTo(theirs);
        }
    }

    @Test
    void aTableDeclaredAfterTheRuleNamingItIsFound() throws Exception {
        ConfigParser.parse("one.cfg", HEAD + "    http-request track-sc0 src table later\n"
                + "    http-request deny if { sc_get_gpt0(0,later) eq 1 }\n" + TAIL.formatted("")
                + "backend later\n    stick-table type ip size 10 store gpt0\n");
    }
}
