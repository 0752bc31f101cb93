package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestPki;
import io.ganglion.balancer.testing.TlsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bind options beyond {@code crt}: {@code crt DIR}, {@code strict-sni}, {@code ssl-min-ver},
 * {@code alpn}, {@code ca-file} with {@code verify required} and the {@code ssl_c_*} fetches, seen
 * by real clients ({@code openssl s_client}, the JDK's).
 */
class TlsBindOptionsTest {
    private static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and is the client");
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
                    bind 127.0.0.1:${PORT} %s
                    http-request return status 200 content-type text/plain lf-string "used=%%[ssl_c_used] s=%%[ssl_c_s_dn] i=%%[ssl_c_i_dn] alpn=%%[ssl_fc_alpn] cipher=%%[ssl_fc_cipher]"
                backend be
                    server web1 127.0.0.1:1
                """.formatted(bindOptions);
    }

    @Test
    void aDirectoryGivesEachOfItsCertificatesAndSniPicksAmongThem() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        Files.copy(Path.of(pki.path("server.pem")), certs.resolve("a.pem"));
        Files.copy(Path.of(pki.path("split.pem")), certs.resolve("b.pem"));
        Files.copy(Path.of(pki.path("split.pem.key")), certs.resolve("b.pem.key"));
        try (RunningBalancer b = RunningBalancer.start(config("ssl crt " + certs))) {
            assertThat(TlsClient.serverSubject(b.port(), "split.test")).isEqualTo("CN=split.test");
            assertThat(TlsClient.serverSubject(b.port(), "other.test")).isEqualTo("CN=localhost");
        }
    }

    @Test
    void strictSniRefusesANameNoCertificateHas() throws Exception {
        try (RunningBalancer b = RunningBalancer.start(config("ssl crt " + pki.path("server.pem") + " strict-sni"))) {
            assertThat(TlsClient.serverSubject(b.port(), "www.example.test")).isEqualTo("CN=localhost");
            assertThatThrownBy(() -> TlsClient.serverSubject(b.port(), "other.test")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void sslMinVerRefusesOlderClientsAndAlpnIsNegotiated() throws Exception {
        try (RunningBalancer b = RunningBalancer.start(config("ssl crt " + pki.path("server.pem")
                + " ssl-min-ver TLSv1.3 alpn http/1.1"))) {
            assertThat(sClient(b.port(), "-tls1_2")).doesNotContain("HTTP/1.1 200");
            assertThat(sClient(b.port(), "-tls1_3", "-alpn", "http/1.1")).contains("alpn=http/1.1");
        }
    }

    @Test
    void verifyRequiredWantsACertificateOfTheCaAndTheFetchesReadIt() throws Exception {
        try (RunningBalancer b = RunningBalancer.start(config("ssl crt " + pki.path("server.pem") + " ca-file "
                + pki.path("ca.pem") + " verify required"))) {
            assertThat(sClient(b.port(), "-tls1_3")).doesNotContain("HTTP/1.1 200");
            assertThat(sClient(b.port(), "-tls1_3", "-cert", pki.path("client.pem")))
                    .contains("used=1 s=/CN=client i=/CN=Ganglion Test CA");
        }
    }

    /** {@code openssl s_client} sending one request; its whole output. */
    private static String sClient(int port, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-servername", "localhost", "-ign_eof"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }
}
