package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code bind ... ssl} line HAProxy refuses is refused with HAProxy 2.6's alert, at the same
 * {@code file:line} ({@code haproxy -c} on the same file is the reference).
 */
class TlsConfigErrorsTest {
    private static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        pki = TestPki.shared();
    }

    private static String config(String bindOptions) {
        return """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:19443 %s
                    default_backend be
                backend be
                    server web1 127.0.0.1:1
                """.formatted(bindOptions);
    }

    @Test
    void certificateAndTicketKeyFilesAreRefusedAsHaproxyRefusesThem() throws Exception {
        HaproxyProcess.requireInstalled();
        Files.writeString(dir.resolve("one.keys"), TestPki.newTicketKey() + "\n");
        Files.writeString(dir.resolve("bad.keys"), TestPki.newTicketKey() + "\nnot*base64\n" + TestPki.newTicketKey() + "\n");
        Files.writeString(dir.resolve("short.keys"), "AAAA\n");
        List<String> lines = List.of(
                "ssl crt " + dir.resolve("missing.pem"),
                "ssl crt " + pki.path("mismatch.pem"),
                "ssl crt " + pki.path("keyonly.pem"),
                "ssl crt " + pki.path("server.crt"),
                "ssl crt",
                "ssl",
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys",
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("none.keys"),
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("one.keys"),
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("bad.keys"),
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("short.keys"),
                "ssl crt " + pki.path("server.pem") + " ssl-min-ver TLSv9",
                "ssl crt " + pki.path("server.pem") + " ssl-min-ver",
                "ssl crt " + pki.path("server.pem") + " ssl-max-ver TLSv1.1 ssl-min-ver TLSv1.2",
                "ssl crt " + pki.path("server.pem") + " verify maybe",
                "ssl crt " + pki.path("server.pem") + " verify",
                "ssl crt " + pki.path("server.pem") + " verify required",
                "ssl crt " + pki.path("server.pem") + " ca-file",
                "ssl crt " + pki.path("server.pem") + " alpn");
        for (String line : lines) {
            String config = config(line);
            assertThat(ConfigCheckAlerts.text(ConfigCheckAlerts.ours(config).get(0))).as(line)
                    .isEqualTo(ConfigCheckAlerts.haproxys(dir, config));
        }
    }
}
