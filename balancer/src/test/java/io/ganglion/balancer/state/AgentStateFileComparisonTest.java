package io.ganglion.balancer.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server-state-file with agent columns, loaded by HAProxy 2.6 and by the balancer from the same
 * configuration: the agent enabled or stopped as saved, its saved address and port taken only
 * when it runs, and the saved DRAIN passed on to the server that tracks it.
 */
class AgentStateFileComparisonTest {
    /** Agent checks far apart: nothing changes the restored state while the test reads it. */
    private static final String SERVERS = """
            backend be
                load-server-state-from-file global
                server a 127.0.0.1:%d weight 40 agent-check agent-port 9 agent-inter 1h
                server b 127.0.0.1:%d track a
                server c 127.0.0.1:%d weight 40 agent-check agent-port 9 agent-inter 1h
            """;
    private static final String STATE = """
            1
            # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
            2 be 1 a 127.0.0.1 2 8 30 40 5 1 0 2 0 22 0 0 - %1$d - 0 0 - 127.0.0.9 7
            2 be 2 b 127.0.0.1 2 16 1 1 5 1 0 2 0 0 0 0 - %1$d - 0 0 - - 0
            2 be 3 c 127.0.0.1 2 0 40 40 5 1 0 2 0 18 0 0 - %1$d - 0 0 - 127.0.0.9 7
            """;

    @Test
    void agentColumnsAreRestoredAsHaproxyRestoresThem(@TempDir Path dir) throws Exception {
        HaproxyProcess.requireInstalled();
        int port = Ports.free();
        Path state = dir.resolve("servers.state");
        Files.writeString(state, STATE.formatted(port));
        Path theirs = dir.resolve("haproxy.sock");
        Path ours = dir.resolve("ours.sock");
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, config(theirs, state, port));
             Balancer balancer = Balancer.start(ConfigParser.parse("ours.cfg", config(ours, state, port)))) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(theirs));
            assertThat(restored(ours)).isEqualTo(restored(theirs))
                    .contains("a 8 30 22 127.0.0.9 7", "b 16 1 0 - 0", "c 0 40 18 - 9");
            assertThat(statuses(ours)).isEqualTo(statuses(theirs)).contains("a,DRAIN (agent)", "b,DRAIN (agent)", "c,no check");
        }
    }

    private static String config(Path socket, Path state, int port) {
        return """
                global
                    stats socket %s level admin
                    server-state-file %s
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                """.formatted(socket, state) + SERVERS.formatted(port, port, port);
    }

    /** name, admin state, user weight, agent state, agent address and port of each server. */
    private static List<String> restored(Path socket) throws Exception {
        return StatsSocket.send(socket, "show servers state be").lines().filter(l -> l.startsWith("2 "))
                .map(l -> l.split(" "))
                .map(f -> String.join(" ", Arrays.asList(f[3], f[6], f[7], f[14], f[23], f[24])))
                .toList();
    }

    private static List<String> statuses(Path socket) throws Exception {
        return StatsSocket.send(socket, "show stat be 4 -1").lines().filter(l -> l.startsWith("be,"))
                .map(l -> l.split(",", -1)).map(f -> f[1] + "," + f[17]).toList();
    }
}
