package io.ganglion.balancer.tls;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.ocsp.SingleResponse;

/**
 * A DER OCSP response that passed the checks HAProxy 2.6 makes before it staples one, loaded from
 * {@code FILE.ocsp} or given to {@code set ssl ocsp-response}, in HAProxy's order and words: it
 * parses, its status is successful, it is a basic response with one single response, the
 * certificate is good or revoked (not unknown), it has a next update, it is valid now within
 * five minutes of skew (OpenSSL's {@code OCSP_check_validity} with HAProxy's 300 s), and, when
 * loaded for a known certificate, it names that certificate's id.
 *
 * @param der         the response as given, stapled byte for byte
 * @param certId      the id it answers for
 * @param nextUpdate  its single response's next update
 */
public record OcspResponse(byte[] der, OcspCertId certId, Instant nextUpdate) {

    /** HAProxy's OCSP_MAX_RESPONSE_TIME_SKEW. */
    private static final Duration SKEW = Duration.ofSeconds(300);

    /**
     * @param expected the id of the certificate it is loaded for, or empty when the response
     *                 chooses its certificate itself ({@code set ssl ocsp-response})
     */
    public static OcspResponse check(byte[] der, Optional<OcspCertId> expected, Clock clock) throws OcspException {
        OCSPResponse response = parse(der).orElseThrow(() -> new OcspException("Unable to parse OCSP response"));
        if (response.getResponseStatus().getIntValue() != OCSPResponseStatus.SUCCESSFUL) {
            throw new OcspException("OCSP response status not successful");
        }
        BasicOCSPResponse basic = basic(response)
                .orElseThrow(() -> new OcspException("Failed to get basic response from OCSP Response"));
        int count = basic.getTbsResponseData().getResponses().size();
        if (count > 1) {
            throw new OcspException("OCSP response ignored because contains multiple single responses (" + count + ")");
        }
        if (count == 0) {
            throw new OcspException("Failed to get OCSP single response");
        }
        SingleResponse single = SingleResponse.getInstance(basic.getTbsResponseData().getResponses().getObjectAt(0));
        int status = single.getCertStatus().getTagNo();
        if (status != 0 && status != 1) {
            throw new OcspException("OCSP single response: certificate status is unknown");
        }
        if (single.getNextUpdate() == null) {
            throw new OcspException("OCSP single response: missing nextupdate");
        }
        Instant thisUpdate = instant(single.getThisUpdate());
        Instant nextUpdate = instant(single.getNextUpdate());
        Instant now = clock.instant();
        if (thisUpdate == null || nextUpdate == null || thisUpdate.isAfter(now.plus(SKEW))
                || nextUpdate.isBefore(now.minus(SKEW)) || nextUpdate.isBefore(thisUpdate)) {
            throw new OcspException("OCSP single response: no longer valid.");
        }
        OcspCertId id = OcspCertId.of(single.getCertID());
        if (expected.isPresent() && !expected.get().equals(id)) {
            throw new OcspException("OCSP single response: Certificate ID does not match certificate and issuer");
        }
        return new OcspResponse(der.clone(), id, nextUpdate);
    }

    /** The response's text as {@code show ssl ocsp-response ID} prints it. */
    public String text() {
        return OcspResponseText.of(der);
    }

    /** As OpenSSL's {@code d2i_OCSP_RESPONSE}: one DER object read, what follows it ignored. */
    static Optional<OCSPResponse> parse(byte[] der) {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive object = in.readObject();
            return object == null ? Optional.empty() : Optional.of(OCSPResponse.getInstance(object));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<BasicOCSPResponse> basic(OCSPResponse response) {
        ResponseBytes bytes = response.getResponseBytes();
        if (bytes == null || !OCSPObjectIdentifiers.id_pkix_ocsp_basic.equals(bytes.getResponseType())) {
            return Optional.empty();
        }
        try {
            BasicOCSPResponse basic = BasicOCSPResponse.getInstance(bytes.getResponse().getOctets());
            basic.getTbsResponseData().getResponses(); // forces the lazy parts OpenSSL decodes at once
            return Optional.of(basic);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Instant instant(ASN1GeneralizedTime time) {
        try {
            return time.getDate().toInstant();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }
}
