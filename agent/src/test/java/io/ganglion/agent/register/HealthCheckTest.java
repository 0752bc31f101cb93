package io.ganglion.agent.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import io.ganglion.agent.config.CheckSettings;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private static CheckSettings check(String type, String command, Duration timeout) {
        return new CheckSettings(type, "/health", null, command, null, timeout, null, null);
    }

    @Test
    void tcpPassesOnAListeningPortAndFailsOnAClosedOne() throws Exception {
        int closedPort;
        try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            HealthCheck tcp = HealthCheck.of(check("tcp", null, Duration.ofSeconds(5)), "127.0.0.1", listening.getLocalPort());
            assertThat(tcp.run()).isEqualTo(new CheckResult(true, "tcp connected"));
            closedPort = listening.getLocalPort();
        }
        CheckResult refused = HealthCheck.of(check("tcp", null, Duration.ofSeconds(5)), "127.0.0.1", closedPort).run();
        assertThat(refused.passed()).isFalse();
        assertThat(refused.detail()).startsWith("tcp ").containsIgnoringCase("refused");
    }

    @Test
    void commandPassesOnExitZeroAndIsKilledAfterItsTimeout() {
        assertThat(HealthCheck.of(check("command", "exit 0", Duration.ofSeconds(30)), "h", 1).run())
                .isEqualTo(new CheckResult(true, "command exit 0"));
        assertThat(HealthCheck.of(check("command", "exit 3", Duration.ofSeconds(30)), "h", 1).run())
                .isEqualTo(new CheckResult(false, "command exit 3"));
        assertThat(HealthCheck.of(check("command", "sleep 30", Duration.ofMillis(300)), "h", 1).run())
                .isEqualTo(new CheckResult(false, "command timed out after PT0.3S"));
    }

    @Test
    void httpFailsWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CheckResult result = HealthCheck.of(check("http", null, Duration.ofSeconds(5)), "127.0.0.1", port).run();
        assertThat(result.passed()).isFalse();
        assertThat(result.detail()).startsWith("http ConnectException");
    }
}
