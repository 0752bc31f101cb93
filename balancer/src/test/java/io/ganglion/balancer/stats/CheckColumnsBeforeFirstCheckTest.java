package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checked server whose first check has not run yet ({@code INI}: first checks are spread over
 * {@code inter}) carries {@code last_chk}, empty, and no {@code check_duration}, as HAProxy 2.6
 * shows it (measured on 2.6.12 with {@code check inter 60s}).
 */
class CheckColumnsBeforeFirstCheckTest {
    @Test
    void aServerNotCheckedYetShowsAnEmptyLastCheck(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("admin.sock");
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            servers.append("    server s").append(i).append(" 127.0.0.1:9 check inter 1h\n");
        }
        try (RunningBalancer b = RunningBalancer.start("global\n    stats socket " + socket + " level admin\n"
                + RunningBalancer.httpTopology("", servers.toString()))) {
            List<String> lines = Arrays.asList(StatsSocket.send(socket, "show stat typed").split("\n"));
            List<String> waiting = lines.stream().filter(l -> l.matches("S\\.\\d+\\.\\d+\\.36\\.check_status\\.1:MOP:str:INI"))
                    .map(l -> l.substring(0, l.indexOf(".36.")))
                    .toList();
            assertThat(waiting).as("servers whose first check is still to come").isNotEmpty();
            for (String row : waiting) {
                assertThat(lines).contains(row + ".56.last_chk.1:MOP:str:");
                assertThat(lines).noneMatch(l -> l.startsWith(row + ".38.check_duration."));
            }
        }
    }
}
