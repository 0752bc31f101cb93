package io.ganglion.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent's {@code /metrics} text: the names and labels the agent has always exposed, each family
 * with its HELP and TYPE, the convergence histogram's buckets, and an exposition that
 * {@code promtool check metrics} finds nothing to say about.
 */
class AgentMetricsTest {
    private static AgentMetrics sample() {
        AgentMetrics m = new AgentMetrics();
        m.increment("ganglion_actions_total", "kind", "add", "result", "ok");
        m.increment("ganglion_actions_total", "kind", "add", "result", "ok");
        m.increment("ganglion_reconcile_cycles_total");
        m.gauge("ganglion_registry_stale", () -> 1.0, "service", "api");
        m.gauge("ganglion_held_decisions", () -> 3.0, "backend", "be_api", "rule", "shrink");
        m.gauge("ganglion_held_decisions", () -> 0.0, "backend", "be_api", "rule", "shrink"); // replaces
        m.observeConvergence(0.2);
        return m;
    }

    @Test
    void theSameNamesAndLabelsWithHelpTypeAndBuckets() {
        AgentMetrics m = sample();
        String text = m.render();
        assertThat(m.count("ganglion_actions_total", "kind", "add", "result", "ok")).isEqualTo(2);
        assertThat(m.convergenceCount()).isEqualTo(1);
        assertThat(text)
                .contains("# HELP ganglion_actions_total ")
                .contains("# TYPE ganglion_actions_total counter\n")
                .contains("ganglion_actions_total{kind=\"add\",result=\"ok\"} 2")
                .contains("ganglion_reconcile_cycles_total 1")
                .contains("# TYPE ganglion_registry_stale gauge\n")
                .contains("ganglion_registry_stale{service=\"api\"} 1")
                .contains("ganglion_held_decisions{backend=\"be_api\",rule=\"shrink\"} 0")
                .doesNotContain("ganglion_held_decisions{backend=\"be_api\",rule=\"shrink\"} 3")
                .contains("# TYPE ganglion_convergence_seconds histogram\n")
                .contains("ganglion_convergence_seconds_bucket{le=\"0.1\"} 0")
                .contains("ganglion_convergence_seconds_bucket{le=\"0.25\"} 1")
                .contains("ganglion_convergence_seconds_bucket{le=\"+Inf\"} 1")
                .contains("ganglion_convergence_seconds_count 1");
    }

    @Test
    void promtoolFindsNothingWrong() throws Exception {
        RequiredTool.require(Files.isExecutable(Path.of("/usr/bin/promtool")),
                "promtool is not installed: skipping (apt-get install prometheus)");
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(sample().render().getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(said).isEmpty();
        assertThat(promtool.exitValue()).isZero();
    }
}
