package io.ganglion.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.OcspTestPki;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show ssl ocsp-response [ID]} and {@code set ssl ocsp-response} asked of a live HAProxy 2.6
 * and of the balancer on the same configuration and the same files (the captures' {@code fe_tls}
 * line over a per-run PKI), answer for answer: the same DER prints the same text, so nothing is
 * masked. A response refused leaves the one shown unchanged; a response set is shown after.
 */
class OcspResponseComparisonTest {

    @TempDir
    static Path dir;
    static OcspTestPki pki;
    static SameConfigPair pair;
    static final Map<Path, Integer> TLS_PORTS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        pki = OcspTestPki.shared();
        pair = SameConfigPair.start(dir, socket -> {
            int port = Ports.free();
            TLS_PORTS.put(socket, port);
            return """
                    global
                        stats socket %s level admin
                    defaults
                        mode http
                        timeout client 5s
                        timeout server 5s
                        timeout connect 1s
                    frontend fe_tls
                        bind 127.0.0.1:%d ssl crt %s
                        default_backend be_app
                    backend be_app
                        server web1 127.0.0.1:%d
                    """.formatted(socket, port, pki.file("server.pem"), Ports.free());
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    static List<String> both(String command) throws Exception {
        return List.of(StatsSocket.send(pair.haproxySocket(), command), StatsSocket.send(pair.ourSocket(), command));
    }

    static void assertSame(String command) throws Exception {
        List<String> answers = both(command);
        assertThat(answers.get(1)).as(command).isEqualTo(answers.get(0));
    }

    static String firstKey() throws Exception {
        String list = StatsSocket.send(pair.haproxySocket(), "show ssl ocsp-response");
        return list.lines().filter(l -> l.startsWith("Certificate ID key : ")).findFirst().orElseThrow().substring(21);
    }

    @Test
    void listAndResponseTextsAreHaproxys() throws Exception {
        String key = firstKey();
        assertSame("show ssl ocsp-response");
        assertSame("show ssl ocsp-response " + key);
        assertSame("show ssl ocsp-response " + key.toUpperCase());
        assertSame("show ssl ocsp-response " + key.substring(2));
        assertSame("show ssl ocsp-response zz");
        assertSame("show ssl ocsp-response " + "a".repeat(300));
    }

    @Test
    void badResponsesAreRefusedInHaproxysWordsAndChangeNothing() throws Exception {
        String key = firstKey();
        Instant now = Instant.now();
        List<String> bad = new ArrayList<>();
        for (byte[] der : new byte[][] {pki.bytes("other.ocsp"), pki.bytes("unknown.ocsp"), pki.bytes("nonext.ocsp"),
            pki.serverResponse(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))),
            pki.serverResponse(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10))),
            {0x30, 0x03, 0x0a, 0x01, 0x01}, {0x30, 0x00}, {0}}) {
            bad.add(Base64.getEncoder().encodeToString(der));
        }
        bad.addAll(List.of("AAA", "A?AA", ""));
        String before = StatsSocket.send(pair.ourSocket(), "show ssl ocsp-response " + key);
        for (String base64 : bad) {
            assertSame("set ssl ocsp-response " + base64);
            if (!base64.isEmpty()) {
                assertSame("set ssl ocsp-response <<\n" + base64 + "\n");
            }
        }
        assertSame("set ssl ocsp-response <<\n"); // an empty payload
        assertThat(StatsSocket.send(pair.ourSocket(), "show ssl ocsp-response " + key)).isEqualTo(before);
    }

    @Test
    void aResponseSetIsShownAfter() throws Exception {
        String key = firstKey();
        String second = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pki.bytes("second.ocsp.der"));
        assertSame("set ssl ocsp-response <<\n" + second + "\n");
        assertSame("show ssl ocsp-response " + key);
        assertSame("set ssl ocsp-response " + Base64.getEncoder().encodeToString(pki.bytes("server.pem.ocsp")));
        assertSame("show ssl ocsp-response " + key);
    }
}
