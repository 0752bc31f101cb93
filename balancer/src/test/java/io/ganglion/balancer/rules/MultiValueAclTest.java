package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ACL on a header or a cookie sent several times tries every occurrence, each through the
 * converters, as HAProxy 2.6 does; one chosen occurrence ({@code req.hdr(z,1)}) is the only one.
 */
class MultiValueAclTest {
    @TempDir
    Path dir;

    @Test
    void everyOccurrenceIsTriedAsInHaproxy() throws Exception {
        int haproxyPort = Ports.free();
        int ourPort = Ports.free();
        try (SameConfigPair pair = SameConfigPair.start(dir, socket -> RuleConfigs.withSocket(socket) + """
                frontend f
                    bind 127.0.0.1:%d
                    http-request return status 200 content-type text/plain string hdr-a if { hdr(x) a }
                    http-request return status 200 content-type text/plain string cook-a if { cook(c) a }
                    http-request return status 200 content-type text/plain string fhdr-a if { req.fhdr(y) a }
                    http-request return status 200 content-type text/plain string hdr1-a if { req.hdr(z,1) a }
                    http-request return status 200 content-type text/plain string conv-a if { hdr(w),lower a }
                    http-request return status 200 content-type text/plain string none
                """.formatted(socket.getFileName().toString().startsWith("haproxy") ? haproxyPort : ourPort))) {
            for (String headers : List.of("X: a, b", "Cookie: c=a; c=b", "Y: a\r\nY: b", "Z: b, a", "W: A, B")) {
                String request = "GET / HTTP/1.1\r\nHost: t\r\n" + headers + "\r\nConnection: close\r\n\r\n";
                assertThat(RawHttp.exchange("127.0.0.1", ourPort, request)).as(headers)
                        .isEqualTo(RawHttp.exchange("127.0.0.1", haproxyPort, request));
            }
        }
    }
}
