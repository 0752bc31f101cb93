package io.ganglion.balancer.process;

import static io.ganglion.balancer.process.SideBySide.WAIT;
import static io.ganglion.balancer.process.SideBySide.open;
import static io.ganglion.balancer.process.SideBySide.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.process.SideBySide.Target;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * Whose bytes a local answer is, on the balancer and on HAProxy 2.6 with the same configuration:
 * the 400 of a request the parser refuses is written outside any stream, and its log line counts 0
 * bytes on both (the pages a stream makes count theirs: see {@link ShutdownSessionsServerTest}).
 */
class LocalAnswerBytesTest extends SideBySideTest {
    @Test
    void theParsersRefusalLogsNoBytes() throws Exception {
        for (Target t : sides.both()) {
            try (Socket bad = open(t.httpPort(), "GET / HTTP/1.1\r\nHost a\r\n\r\n")) {
                assertThat(readToEnd(bad.getInputStream())).as(t.name()).startsWith("HTTP/1.1 400 Bad request\r\n");
            }
            await(t.name()).atMost(WAIT).untilAsserted(() -> assertThat(t.log().call())
                    .containsPattern(" fe fe/<NOSRV> \\S+ 400 0 - - PR-- "));
        }
    }
}
