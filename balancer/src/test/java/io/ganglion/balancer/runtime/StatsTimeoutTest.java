package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsTimeoutTest {

    @Test
    void statsTimeoutClosesIdleSessionsButNotBusyOnes(@TempDir Path directory) throws Exception {
        try (StatsSocketFixture sockets = new StatsSocketFixture(directory, CommandRegistry.builder().build(), Duration.ofSeconds(1));
                SocketClient idle = SocketClient.connect(sockets.address("admin"))) {
            long start = System.nanoTime();

            assertThat(idle.readToEnd()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(SocketClient.socatExchange(sockets.address("admin"), "show cli level\n")).isEqualTo("admin\n\n");
        }
    }
}
