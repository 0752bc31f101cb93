package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.LogTarget;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each {@code log} line of the global section gets every access log line, with its format's header
 * and its facility, as HAProxy 2.6.12 writes them on stdout (measured with a {@code mode tcp}
 * frontend and no log option; its date and pid masked here).
 */
class SyslogHeaderTest {
    private static final String MESSAGE = "Connect from 127.0.0.1:50874 to 127.0.0.1:18480 (fe/TCP)";

    @Test
    void everyTargetInItsFormatAsHaproxy26() throws Exception {
        List<LogTarget> targets = ConfigParser.parse("log.cfg", """
                global
                    log stdout format raw daemon
                    log stdout format short local1
                    log stdout local0
                    log stdout format local local0
                    log stderr format rfc3164 local1
                """).global().logs();
        Map<LogTarget, ByteArrayOutputStream> written = new LinkedHashMap<>();
        targets.forEach(t -> written.put(t, new ByteArrayOutputStream()));
        try (AccessLog log = new AccessLog(targets, written::get, 7261)) {
            log.write(MESSAGE);
        }
        assertThat(written.values()).extracting(out -> out.toString(StandardCharsets.UTF_8)
                        .replaceAll("[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d", "Dec  2 18:32:50"))
                .containsExactly(
                        MESSAGE + "\n",
                        "<6>" + MESSAGE + "\n",
                        "<134>Dec  2 18:32:50 haproxy[7261]: " + MESSAGE + "\n",
                        "<134>Dec  2 18:32:50 haproxy[7261]: " + MESSAGE + "\n",
                        "<142>Dec  2 18:32:50 localhost haproxy[7261]: " + MESSAGE + "\n");
    }
}
