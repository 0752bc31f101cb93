package io.ganglion.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.OcspTestPki;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.ganglion.balancer.testing.TlsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code set ssl cert} + {@code commit ssl cert} without a restart: the handshakes after the commit
 * see the new certificate, and a keep-alive connection opened before it goes on serving requests
 * with the certificate it started with.
 */
class CertificateCommitTest {

    @TempDir
    Path dir;

    @Test
    void newHandshakesSeeTheCommittedCertificateAndNoConnectionDrops() throws Exception {
        OcspTestPki pki = OcspTestPki.shared();
        Path socket = dir.resolve("admin.sock");
        String server = pki.file("server.pem").toString();
        try (TestHttpBackend web = new TestHttpBackend("web1");
                RunningBalancer b = RunningBalancer.start("""
                        global
                            stats socket %s level admin
                        defaults
                            mode http
                            timeout client 5s
                            timeout server 5s
                            timeout connect 1s
                        frontend fe_tls
                            bind 127.0.0.1:${PORT} ssl crt %s
                            default_backend be_app
                        backend be_app
                            server web1 127.0.0.1:%d
                        """.formatted(socket, server, web.port()));
                SSLSocket before = TlsClient.connect(b.port(), "localhost")) {
            assertThat(subject(before)).isEqualTo("CN=127.0.0.1");
            assertThat(request(before)).startsWith("HTTP/1.1 200").endsWith("web1");

            String payload = Files.readString(pki.file("other.pem")).strip();
            assertThat(StatsSocket.send(socket, "set ssl cert " + server + " <<\n" + payload + "\n"))
                    .isEqualTo("Transaction created for certificate " + server + "!\n\n");
            assertThat(TlsClient.serverSubject(b.port(), "localhost")).as("not served before commit").isEqualTo("CN=127.0.0.1");
            assertThat(StatsSocket.send(socket, "commit ssl cert " + server))
                    .isEqualTo("Committing " + server + ".\nSuccess!\n\n");

            assertThat(TlsClient.serverSubject(b.port(), "localhost")).isEqualTo("CN=other");
            assertThat(request(before)).as("the connection opened before the commit").startsWith("HTTP/1.1 200").endsWith("web1");
            assertThat(subject(before)).isEqualTo("CN=127.0.0.1");
        }
    }

    private static String subject(SSLSocket s) throws IOException {
        return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    /** One keep-alive request on {@code s}: its response, read to the end of its body. */
    private static String request(SSLSocket s) throws IOException {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + head);
            }
            head.write(c);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
}
