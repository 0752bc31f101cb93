package io.ganglion.balancer.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What agent replies and {@code track} do to real traffic: web1 is health-checked and has an
 * agent, web2 tracks web1, web3 takes what they cannot.
 */
class AgentAndTrackTrafficTest {
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final TestHttpBackend web1 = new TestHttpBackend("web1");
    private final TestHttpBackend web2 = new TestHttpBackend("web2");
    private final TestHttpBackend web3 = new TestHttpBackend("web3");
    private ScriptedAgent agent;
    private RunningBalancer lb;
    private Path socket;

    @BeforeEach
    void start() throws Exception {
        agent = new ScriptedAgent();
        socket = dir.resolve("admin.sock");
        lb = RunningBalancer.start("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    default_backend be
                backend be
                    option httpchk GET /health
                    server web1 127.0.0.1:%d check inter 100 rise 1 fall 1 agent-check agent-port %d agent-inter 100
                    server web2 127.0.0.1:%d track web1
                    server web3 127.0.0.1:%d
                """.formatted(socket, web1.port(), agent.port(), web2.port(), web3.port()));
    }

    @AfterEach
    void stop() throws Exception {
        lb.close();
        agent.close();
        web1.close();
        web2.close();
        web3.close();
    }

    private Map<String, Integer> shares(int n) throws Exception {
        return lb.servedBy(n);
    }

    private String status(String server) throws Exception {
        for (String line : StatsSocket.send(socket, "show stat be 4 -1").split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length > 17 && f[1].equals(server)) {
                return f[17];
            }
        }
        return null;
    }

    @Test
    void aTrackingServerGetsNoTrafficWhileTheTrackedOneFailsItsCheck() throws Exception {
        assertThat(shares(30)).containsOnlyKeys("web1", "web2", "web3");
        web1.healthStatus(503);
        await().atMost(PATIENCE).until(() -> "DOWN".equals(status("web2")));
        assertThat(status("web1")).isEqualTo("DOWN");
        assertThat(shares(30)).containsOnlyKeys("web3");
        web1.healthStatus(200);
        await().atMost(PATIENCE).until(() -> "UP".equals(status("web2")));
        assertThat(shares(30)).containsOnlyKeys("web1", "web2", "web3");
    }

    @Test
    void anAgentsDownDrainAndMaintTakeItsServerAndItsTrackerOutOfTraffic() throws Exception {
        agent.reply("down\n");
        await().atMost(PATIENCE).until(() -> "DOWN (agent)".equals(status("web2")));
        assertThat(shares(20)).containsOnlyKeys("web3");
        agent.reply("up\n");
        await().atMost(PATIENCE).until(() -> "UP".equals(status("web2")));
        assertThat(shares(30)).containsOnlyKeys("web1", "web2", "web3");
        agent.reply("drain\n");
        await().atMost(PATIENCE).until(() -> "DRAIN (agent)".equals(status("web2")));
        assertThat(shares(20)).containsOnlyKeys("web3");
        agent.reply("maint\n");
        await().atMost(PATIENCE).until(() -> "MAINT (via be/web1)".equals(status("web2")));
        assertThat(shares(20)).containsOnlyKeys("web3");
        agent.reply("ready\n");
        await().atMost(PATIENCE).until(() -> "UP".equals(status("web2")) && "UP".equals(status("web1")));
        assertThat(shares(30)).containsOnlyKeys("web1", "web2", "web3");
    }

    @Test
    void anAgentsWeightIsAShareOfTheInitialWeight() throws Exception {
        agent.reply("0%\n");
        await().atMost(PATIENCE).until(() -> StatsSocket.send(socket, "get weight be/web1").startsWith("0 (initial 1)"));
        assertThat(shares(20)).containsOnlyKeys("web2", "web3");
        agent.reply("100%\n");
        await().atMost(PATIENCE).until(() -> StatsSocket.send(socket, "get weight be/web1").startsWith("1 (initial 1)"));
        assertThat(shares(30)).containsOnlyKeys("web1", "web2", "web3");
    }
}
