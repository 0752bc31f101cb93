package io.ganglion.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP responses read, checked and printed as a live HAProxy 2.6 reads, checks and prints the same
 * files: the certificate id it computes from {@code server.pem} and {@code server.pem.issuer}, the
 * {@code show ssl ocsp-response [ID]} texts, and its refusal of each bad response given to
 * {@code set ssl ocsp-response}. One HAProxy and one test PKI serve the class.
 */
class OcspResponseComparisonTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static HaproxyProcess haproxy;
    static Path socket;

    @BeforeAll
    static void start() throws Exception {
        HaproxyProcess.requireInstalled();
        pki = TestPki.create(Files.createDirectories(dir.resolve("pki")));
        socket = dir.resolve("haproxy.sock");
        haproxy = HaproxyProcess.start(dir, """
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
                """.formatted(socket, Ports.free(), pki.file("server.pem"), Ports.free()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(socket));
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
    }

    static Certificate pem(Path file) throws Exception {
        String text = Files.readString(file);
        String body = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----") + 27, text.indexOf("-----END CERTIFICATE-----"));
        try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(body)))) {
            return Certificate.getInstance(in.readObject());
        }
    }

    static OcspResponse loaded() throws Exception {
        OcspCertId id = OcspCertId.of(pem(pki.file("server.pem")), pem(pki.file("server.pem.issuer")));
        return OcspResponse.check(pki.bytes("server.pem.ocsp"), Optional.of(id), Clock.systemUTC());
    }

    @Test
    void listsTheCertificateIdHaproxyComputesFromTheCertificateAndItsIssuer() throws Exception {
        StringBuilder ours = new StringBuilder("# Certificate IDs\n");
        loaded().certId().appendListEntry(ours);
        assertThat(ours + "\n").isEqualTo(StatsSocket.send(socket, "show ssl ocsp-response"));
    }

    @Test
    void printsTheResponseAsHaproxyPrintsIt() throws Exception {
        OcspResponse response = loaded();
        String theirs = StatsSocket.send(socket, "show ssl ocsp-response " + response.certId().key());
        assertThat(theirs).contains("Response Extensions:", "OCSP Nonce", "-----BEGIN CERTIFICATE-----");
        assertThat(response.text() + "\n").isEqualTo(theirs);
    }

    @Test
    void refusesEachBadResponseWithHaproxysWords() throws Exception {
        Instant now = Instant.now();
        byte[][] bad = {
            pki.bytes("other.ocsp"), pki.bytes("unknown.ocsp"), pki.bytes("nonext.ocsp"),
            pki.serverResponse(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))),
            pki.serverResponse(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10))),
            {0x30, 0x03, 0x0a, 0x01, 0x01}, {0x30, 0x00}, {0},
        };
        OcspResponses ours = new OcspResponses();
        ours.put(loaded());
        for (byte[] der : bad) {
            String theirs = StatsSocket.send(socket, "set ssl ocsp-response " + Base64.getEncoder().encodeToString(der));
            assertThatThrownBy(() -> ours.replace(OcspResponse.check(der, Optional.empty(), Clock.systemUTC())))
                    .isInstanceOf(OcspException.class)
                    .satisfies(e -> assertThat(e.getMessage() + ".\n\n").isEqualTo(theirs));
        }
    }
}
