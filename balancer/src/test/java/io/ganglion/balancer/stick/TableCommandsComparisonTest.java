package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show|set|clear table} answered as a live HAProxy 2.6 answers them on the same tables, one
 * command after the other on both (the captures' sequence 151-192 without the traffic, every
 * error text, each key type, the levels of admin, operator and user sockets), after masking the
 * entries' addresses and expiry times. Skipped when {@code /usr/sbin/haproxy} is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableCommandsComparisonTest {
    private SameConfigPair pair;

    private static Path sibling(Path socket, String level) {
        return socket.resolveSibling(socket.getFileName() + "." + level);
    }

    private static String config(Path socket) {
        return """
                global
                    stats socket %s level admin
                    stats socket %s level operator
                    stats socket %s level user
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                backend fe_main
                    stick-table type ip size 1m expire 15m store gpt0,http_req_rate(10s)
                backend t_all
                    stick-table type ip size 10 expire 1m store bytes_out_rate(8s),server_id,gpt0,gpc0,gpc0_rate(1s),gpc1,gpc1_rate(2s),conn_cnt,conn_cur,conn_rate(3s),sess_cnt,sess_rate(4s),http_req_cnt,http_req_rate(5s),http_err_cnt,http_err_rate(6s),bytes_in_cnt,bytes_in_rate(7s),bytes_out_cnt
                backend t6
                    stick-table type ipv6 size 10 store gpt0
                backend tint
                    stick-table type integer size 10 store gpc0
                backend tstr
                    stick-table type string len 8 size 10 store gpc0
                backend tbin
                    stick-table type binary len 4 size 10 store gpc0
                backend tsmall
                    stick-table type ip size 3 store conn_cnt
                backend tfull
                    stick-table type integer size 2 nopurge store gpc0
                """.formatted(socket, sibling(socket, "operator"), sibling(socket, "user"));
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        pair = SameConfigPair.start(directory, TableCommandsComparisonTest::config);
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /** Commands in order, each on the admin socket unless prefixed with {@code operator:} or {@code user:}. */
    private static final List<String> SEQUENCE = List.of(
            "show table", "clear table fe_main", "show table fe_main",
            "set table fe_main key 127.0.0.1 data.gpt0 1 data.http_req_rate 15", "show table",
            "show table fe_main", "show table fe_main data.gpt0 eq 1", "show table fe_main data.gpt0 eq 0",
            "show table fe_main data.http_req_rate gt 5", "show table fe_main key 127.0.0.1",
            "set table fe_main key 127.0.0.1 data.gpt0 0", "show table fe_main key 127.0.0.1",
            "clear table fe_main key 127.0.0.1", "show table fe_main", "set table fe_main key 127.0.0.1 data.gpt0 1",
            "set table fe_main key 192.0.2.55 data.gpt0 1", "show table fe_main",
            "set table fe_main key 127.0.0.1 data.nope 1", "set table fe_main key 127.0.0.1 data.http_req_rate 5",
            "set table fe_main key not-an-ip data.gpt0 1", "show table fe_main", "set table fe_main key 127.0.0.1",
            "set table fe_main", "show table fe_main", "show table nope", "show table fe_main data.gpt0",
            "show table fe_main data.nope eq 1", "clear table fe_main key",
            "set table fe_main key 192.0.2.55 data.gpt0 1", "clear table fe_main key 192.0.2.55",
            "set table fe_main key 127.0.0.1 data.gpt0 1", "user:show table fe_main",
            "user:clear table fe_main key 127.0.0.1", "show table fe_main",
            // beyond the captures: every error text, the levels, each key type
            "show table fe_main key", "show table fe_main foo", "show table fe_main key 9.9.9.9", "clear table",
            "set table", "clear table fe_main foo", "set table fe_main foo", "set table fe_main data.gpt0 eq 1",
            "set table fe_main key 1.2.3.4 data.gpt0", "set table fe_main key 1.2.3.5 foo 1",
            "set table fe_main key 1.2.3.6 data.gpt0 x", "set table fe_main key 1.2.3.7 data.gpt0 7 data.http_req_rate x",
            "show table fe_main", "show table fe_main data.gpt0 eq 0 data.http_req_rate eq 0",
            "show table fe_main data.gpt0 eq 0 data.gpt0 eq 0 data.gpt0 eq 0 data.gpt0 eq 0 data.gpt0 eq 0",
            // not "data.gpt0 eq 0 key K" nor "... foo": HAProxy reads a word shorter than "data." past its end
            "show table fe_main data.gpt0 eq", "show table fe_main data.gpt0 eq x",
            "show table fe_main key 1.2.3.7 data.gpt0 eq 0",
            "clear table fe_main data.gpt0 eq 7", "show table fe_main",
            "set table fe_main key 1.2.3.8 data.gpt0 -5", "show table fe_main key 1.2.3.8",
            "set table t_all key 10.0.0.1 data.server_id -3 data.gpc0 7 data.bytes_in_cnt 99999999999 data.conn_rate 4",
            "show table t_all",
            "set table t6 key ::1 data.gpt0 3", "set table t6 key nope data.gpt0 3", "set table t6 key ::2 data.gpc0 1",
            "set table t6 key 2001:db8::1:0:0:1", "show table t6", "show table t6 data.gpc0 eq 1",
            "set table tint key 42 data.gpc0 3", "set table tint key -1", "set table tint key 4294967296",
            "set table tint key 12abc", "set table tint key 256", "set table tint key 1", "show table tint",
            "set table tstr key abcdefghijkl data.gpc0 1", "set table tstr key ab", "show table tstr",
            "show table tstr key abcdefghzz", "clear table tstr key abcdefgh", "show table tstr",
            "set table tbin key 0102 data.gpc0 1", "show table tbin key 0102", "clear table tbin key 0102",
            "show table tbin",
            // a full table: which entry goes depends on the millisecond of each update in HAProxy (updates within one
            // keep their order), so the order is StickTableTest's, measured with updates milliseconds apart
            "set table tsmall key 1.0.0.1", "set table tsmall key 1.0.0.2", "set table tsmall key 1.0.0.3",
            "set table tsmall key 1.0.0.4", "show table tsmall data.conn_cnt gt 0",
            "set table tfull key 1", "set table tfull key 2 data.gpc0 2", "set table tfull key 3 data.gpc0 3",
            "set table tfull key 1 data.gpc0 1", "show table tfull",
            "operator:show table", "operator:show table fe_main", "operator:set table fe_main key 1.2.3.4 data.gpt0 1",
            "operator:clear table fe_main key 1.2.3.4", "operator:show table fe_main data.gpt0 eq 0",
            "user:show table", "user:show table fe_main key 1.2.3.5", "user:show table fe_main data.gpt0 eq 0",
            "user:set table fe_main key 1.2.3.5 data.gpt0 1", "user:set table fe_main", "user:clear table fe_main",
            "user:clear table fe_main data.gpt0 eq 0", "user:show table nope", "user:show table fe_main foo",
            "show table fe_main", "user; show table fe_main", "user; set table fe_main key 1.1.1.2",
            "operator:clear table fe_main", "show table");

    @Test
    void everyAnswerOfTheSequenceIsHaproxys() throws Exception {
        for (String step : SEQUENCE) {
            int colon = step.indexOf(':');
            String level = colon > 0 && !step.startsWith("set") && !step.startsWith("show") && !step.startsWith("clear")
                    ? step.substring(0, colon) : "admin";
            String command = level.equals("admin") ? step : step.substring(colon + 1);
            String theirs = StatsSocket.send(socket(pair.haproxySocket(), level), command);
            String ours = StatsSocket.send(socket(pair.ourSocket(), level), command);
            assertThat(masked(ours)).as(step).isEqualTo(masked(endingWithEmptyLine(theirs)));
        }
    }

    private static Path socket(Path admin, String level) {
        return level.equals("admin") ? admin : sibling(admin, level);
    }

    /** Entry addresses differ by nature, expiry times by the milliseconds between the two commands. */
    private static String masked(String answer) {
        return answer.replaceAll("(?m)^0x[0-9a-f]+:", "0x?:").replaceAll(" exp=[1-9][0-9]*", " exp=?");
    }

    private static String endingWithEmptyLine(String answer) {
        return answer.endsWith("\n\n") || answer.equals("\n") ? answer : answer + "\n";
    }
}
