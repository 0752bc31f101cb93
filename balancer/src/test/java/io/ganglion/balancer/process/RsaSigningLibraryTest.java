package io.ganglion.balancer.process;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.ganglion.balancer.testing.TestPki;
import io.ganglion.balancer.testing.TlsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who signs an RSA listener's handshakes, as an operator sees it: the balancer says so when it
 * starts, and HTTPS is served either way, by the system's OpenSSL 3 ({@code SystemRsaKey}) or, with
 * {@code -Dganglion.tls.system-crypto=off} (what a host without {@code libcrypto.so.3} gets too), by
 * BoringSSL. In-process tests cannot show the second: the choice is made once per JVM.
 */
class RsaSigningLibraryTest {
    private static TestPki pki;

    @BeforeAll
    static void pki() {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        pki = TestPki.shared();
    }

    @ParameterizedTest
    @CsvSource({"on, the system's OpenSSL 3", "off, BoringSSL (-Dganglion.tls.system-crypto=off)"})
    void anRsaListenerServesHttpsWithEitherLibraryAndSaysWhichSigns(String setting, String signer,
            @TempDir Path dir) throws Exception {
        try (TestHttpBackend web = new TestHttpBackend("web1")) {
            int port = Ports.free();
            Path config = dir.resolve("rsa-" + setting + ".cfg");
            Files.writeString(config, RunningBalancer.httpTopology("", "    server app 127.0.0.1:" + web.port() + "\n")
                    .replace("bind 127.0.0.1:${PORT}", "bind 127.0.0.1:" + port + " ssl crt " + pki.path("rsa.pem")));
            try (BalancerProcess balancer = BalancerProcess.startWithJvmOptions(dir,
                    List.of("-Xmx64m", "-Dganglion.tls.system-crypto=" + setting), "-f", config.toString())) {
                await().atMost(30, SECONDS).until(() -> BalancerProcess.accepts(port));
                assertThat(TlsClient.serverSubject(port, "rsa.test")).isEqualTo("CN=rsa.test");
                assertThat(TlsClient.get(port, "/")).startsWith("HTTP/1.1 200").endsWith("web1");
                assertThat(balancer.stdout() + balancer.stderr()).contains("RSA private-key operations by " + signer);
            }
        }
    }
}
