package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad {@code stick} lines refused with the words {@code haproxy -c} prints for the same line,
 * HAProxy 2.6 run on each one; a table that does not exist is found once the whole file is read.
 */
class PersistenceLinesTest {
    @TempDir
    Path dir;

    private static final String CONFIG = """
            defaults
                mode http
                timeout connect 5s
                timeout client 5s
                timeout server 5s
            frontend f
                bind 127.0.0.1:18997
                default_backend b
            backend b
                %s
                server s 127.0.0.1:1
            backend t
                stick-table type ip size 10
            """;

    private static final List<String> BAD_LINES = List.of(
            "stick on src",
            "stick on src table nope",
            "stick match",
            "stick on src foo",
            "stick store-response req.hdr(x)",
            "stick on res.cook(x) table t",
            "stick frob src",
            "stick on src table",
            "stick on nosuch table t");

    @Test
    void eachBadLineIsRefusedWithHaproxysWords() throws Exception {
        HaproxyProcess.requireInstalled();
        for (String line : BAD_LINES) {
            String config = CONFIG.formatted(line);
            String theirs = ConfigCheckAlerts.haproxys(dir, config);
            List<Problem> ours = ConfigCheckAlerts.ours(config);
            assertThat(ours).as(line).hasSize(1);
            assertThat(ConfigCheckAlerts.text(ours.get(0))).as(line).isEqualTo(theirs);
        }
    }
}
