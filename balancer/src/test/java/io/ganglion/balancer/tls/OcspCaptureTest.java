package io.ganglion.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Captures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

/**
 * The captures' own DER files ({@code conf/pki/server.pem.ocsp}, {@code second.ocsp.der}, the
 * certificate and its issuer) printed byte for byte as HAProxy 2.6.12 printed them in captures
 * 304, 305 and 307, checked at the capture's time (the responses have expired since).
 */
class OcspCaptureTest {

    private static final Clock CAPTURE_TIME = Clock.fixed(Instant.parse("2026-11-24T03:11:00Z"), ZoneOffset.UTC);

    static byte[] resource(String name) throws IOException {
        try (InputStream in = OcspCaptureTest.class.getResourceAsStream("/haproxy-2.6-captures/conf/pki/" + name)) {
            return in.readAllBytes();
        }
    }

    static Certificate pem(String name) throws IOException {
        String text = new String(resource(name), java.nio.charset.StandardCharsets.US_ASCII);
        String body = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----") + 27, text.indexOf("-----END CERTIFICATE-----"));
        try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(body)))) {
            return Certificate.getInstance(in.readObject());
        }
    }

    static OcspCertId serverId() throws IOException {
        return OcspCertId.of(pem("server.crt"), pem("server.pem.issuer"));
    }

    @Test
    void certificateIdListIsCapture304() throws Exception {
        StringBuilder out = new StringBuilder("# Certificate IDs\n");
        serverId().appendListEntry(out);
        assertThat(out + "\n").isEqualTo(Captures.read("304-show-ssl-ocsp-response.txt"));
    }

    @Test
    void loadedResponseIsCapture305AndTheSetOneCapture307() throws Exception {
        OcspResponse loaded = OcspResponse.check(resource("server.pem.ocsp"), Optional.of(serverId()), CAPTURE_TIME);
        OcspResponse second = OcspResponse.check(resource("second.ocsp.der"), Optional.empty(), CAPTURE_TIME);
        assertThat(second.certId()).isEqualTo(serverId());
        assertThat(loaded.text() + "\n").isEqualTo(Captures.read("305-show-ssl-ocsp-response-ID.txt"));
        assertThat(second.text() + "\n").isEqualTo(Captures.read("307-show-ssl-ocsp-response-ID-after-update.txt"));
    }
}
