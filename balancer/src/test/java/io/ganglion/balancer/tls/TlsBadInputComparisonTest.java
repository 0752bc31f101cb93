package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.ganglion.balancer.testing.TestPki;
import io.ganglion.balancer.testing.TlsClient;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handshakes that never complete, against HAProxy 2.6 on the same configuration: a client that
 * connects and says nothing, and one that sends the start of a ClientHello and stalls, are both
 * closed after {@code timeout client} (HAProxy 2.6 bounds the handshake by it), neither counts as a
 * failed handshake (HAProxy counts neither), and a client served meanwhile is not affected.
 */
class TlsBadInputComparisonTest {
    /** The first bytes of a TLS record holding a ClientHello of 512 bytes, of which only these come. */
    private static final byte[] HELLO_START = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};

    @TempDir
    Path dir;

    private final int haproxyPort = Ports.free();
    private final int ourPort = Ports.free();

    private String config(Path socket, int backendPort) {
        int port = socket.getFileName().toString().startsWith("haproxy") ? haproxyPort : ourPort;
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 1s
                    timeout server 5s
                frontend fe_tls
                    bind 127.0.0.1:%d ssl crt %s
                    default_backend be
                backend be
                    server web1 127.0.0.1:%d
                """.formatted(socket, port, TestPki.shared().path("server.pem"), backendPort);
    }

    @Test
    void unfinishedHandshakesAreClosedAfterTimeoutClientUncountedAndAlone() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        try (TestHttpBackend web = new TestHttpBackend("web1");
                SameConfigPair pair = SameConfigPair.start(dir, s -> config(s, web.port()))) {
            List<String> theirs = run(haproxyPort, pair.haproxySocket());
            List<String> ours = run(ourPort, pair.ourSocket());
            assertThat(ours).isEqualTo(theirs).containsExactly(
                    "silent client closed after timeout client: true",
                    "stalled ClientHello closed after timeout client: true",
                    "served meanwhile: true",
                    "ssl_failed_handshake=0 ssl_sess=1");
        }
    }

    private List<String> run(int port, Path socket) throws Exception {
        List<String> seen = new ArrayList<>();
        try (Socket silent = new Socket("127.0.0.1", port); Socket stalled = new Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            stalled.getOutputStream().write(HELLO_START);
            boolean served = TlsClient.get(port, "/").endsWith("web1");
            seen.add("silent client closed after timeout client: " + closedWithin(silent, start));
            seen.add("stalled ClientHello closed after timeout client: " + closedWithin(stalled, start));
            seen.add("served meanwhile: " + served);
        }
        String[] lines = StatsSocket.send(socket, "show stat").split("\n");
        List<String> names = List.of(lines[0].substring(2).split(",", -1));
        for (String line : lines) {
            if (line.startsWith("fe_tls,FRONTEND,")) {
                String[] v = line.split(",", -1);
                seen.add("ssl_failed_handshake=" + v[names.indexOf("ssl_failed_handshake")]
                        + " ssl_sess=" + v[names.indexOf("ssl_sess")]);
            }
        }
        return seen;
    }

    /** True when the server closed {@code s} between 0.8 s and 5 s after {@code startNanos} (timeout client 1s). */
    private static boolean closedWithin(Socket s, long startNanos) throws Exception {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        while (in.read() >= 0) {
            // whatever comes before the close (an alert) is not what is looked at
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds >= 0.8 && seconds < 5;
    }
}
