package io.ganglion.balancer.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad {@code use-service} lines are refused at {@code file:line} with the words of {@code haproxy -c} (2.6). */
class ExporterConfigErrorsTest {
    @TempDir
    Path dir;

    @Test
    void badServiceLinesAreRefusedWithHaproxysWords() throws Exception {
        HaproxyProcess.requireInstalled();
        for (String line : List.of("http-request use-service", "http-request use-service foo",
                "http-request use-service prometheus-exporter extra")) {
            String config = """
                    defaults
                        mode http
                        timeout connect 1s
                        timeout client 1s
                        timeout server 1s
                    frontend f
                        bind 127.0.0.1:18999
                        %s
                    """.formatted(line);
            List<Problem> ours = ConfigCheckAlerts.ours(config);
            assertThat(ours).as(line).hasSize(1);
            assertThat(ConfigCheckAlerts.text(ours.get(0))).as(line).isEqualTo(ConfigCheckAlerts.haproxys(dir, config));
        }
    }
}
