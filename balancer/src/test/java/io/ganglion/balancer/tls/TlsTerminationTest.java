package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.ganglion.balancer.testing.TestPki;
import io.ganglion.balancer.testing.TlsClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bind ... ssl crt}: HTTP and TCP frontends served over TLS, the certificate picked by SNI. */
class TlsTerminationTest {
    private static TestPki pki;

    @BeforeAll
    static void pki() {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        pki = TestPki.shared();
    }

    private static String config(String mode, String bindOptions, int backendPort) {
        return """
                defaults
                    mode %s
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:${PORT} %s
                    default_backend be
                backend be
                    server web1 127.0.0.1:%d
                """.formatted(mode, bindOptions, backendPort);
    }

    @Test
    void httpsRequestIsAnsweredByTheBackend() throws Exception {
        try (TestHttpBackend web = new TestHttpBackend("web1");
                RunningBalancer b = RunningBalancer.start(config("http", "ssl crt " + pki.path("server.pem"), web.port()))) {
            String response = TlsClient.get(b.port(), "/");
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("web1");
        }
    }

    @Test
    void sniPicksAmongTheLinesCertificatesAndTheFirstAnswersTheRest() throws Exception {
        String options = "ssl crt " + pki.path("server.pem") + " crt " + pki.path("rsa.pem") + " crt " + pki.path("split.pem");
        try (RunningBalancer b = RunningBalancer.start(config("http", options, 1))) {
            assertThat(TlsClient.serverSubject(b.port(), "rsa.test")).isEqualTo("CN=rsa.test");
            assertThat(TlsClient.serverSubject(b.port(), "split.test")).isEqualTo("CN=split.test");
            assertThat(TlsClient.serverSubject(b.port(), "www.example.test")).isEqualTo("CN=localhost");
            assertThat(TlsClient.serverSubject(b.port(), "unknown.test")).isEqualTo("CN=localhost");
            assertThat(TlsClient.serverSubject(b.port(), null)).isEqualTo("CN=localhost");
        }
    }

    @Test
    void tcpFrontendRelaysTheClearBytes() throws Exception {
        try (TestHttpBackend web = new TestHttpBackend("web2");
                RunningBalancer b = RunningBalancer.start(config("tcp", "ssl crt " + pki.path("rsa.pem"), web.port()));
                SSLSocket s = TlsClient.connect(b.port(), "rsa.test")) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200").endsWith("web2");
        }
    }
}
