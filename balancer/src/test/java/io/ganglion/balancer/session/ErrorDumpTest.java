package io.ganglion.balancer.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The dump of a capture's bytes, as HAProxy 2.6.12 printed these very bytes (its offsets start at
 * the message's first byte; here the message is the header line alone).
 */
class ErrorDumpTest {
    @Test
    void escapesAndLinesLongerThanTheWidthContinueOnAMarkedLine() {
        String line = "X-E: \\\t\u007f\u0001\u001b\"'~" + "\u0001".repeat(30) + "b".repeat(10) + "\r\n";

        assertThat(dump(line)).isEqualTo("""
                  00000  X-E: \\\\\\t\\x7F\\x01\\e"'~\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01
                  00025+ \\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01\\x01
                  00042+ \\x01bbbbbbbbbb\\r\\n
                """);
    }

    @Test
    void anEscapeIsNeverSplitAndAnLfEndsTheLine() {
        assertThat(dump("X-F: " + "b".repeat(63) + "\r\nX-H: " + "c".repeat(64) + "\r\n\r\n")).isEqualTo("""
                  00000  X-F: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\\r
                  00069+ \\n
                  00070  X-H: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
                  00139+ \\r\\n
                  00141  \\r\\n
                """);
    }

    private static String dump(String message) {
        ErrorSnapshot capture = new ErrorSnapshot(0, 0, ErrorSnapshot.Direction.REQUEST, "fe", null, null, -1,
                new InetSocketAddress("127.0.0.1", 1), message.getBytes(StandardCharsets.ISO_8859_1), new ParseStop(0, "MSG_RQBEFORE", 0));
        StringBuilder out = new StringBuilder();
        ErrorDump.append(out, capture);
        return out.toString();
    }
}
