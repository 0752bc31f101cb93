package io.ganglion.balancer.tls;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.CertStatus;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.ocsp.ResponseData;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.ocsp.SingleResponse;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * A DER OCSP response printed as HAProxy 2.6 answers {@code show ssl ocsp-response ID} (capture
 * 305): OpenSSL 3.0's {@code OCSP_RESPONSE_print}, then each certificate the response carries in
 * {@code X509_print} form and in PEM, with every empty line sent as a single space, because an empty
 * line would end the socket answer.
 */
final class OcspResponseText {

    private static final String[] RESPONSE_STATUS = {"successful", "malformedrequest", "internalerror", "trylater",
            "(UNKNOWN)", "sigrequired", "unauthorized"};
    private static final String[] CERT_STATUS = {"good", "revoked", "unknown"};
    private static final String[] CRL_REASONS = {"unspecified", "keyCompromise", "cACompromise",
            "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "(UNKNOWN)",
            "removeFromCRL"};

    private OcspResponseText() {
    }

    /** The text of a DER response (one that parsed when it was loaded or set). */
    static String of(byte[] der) {
        StringBuilder out = new StringBuilder();
        try {
            append(out, OcspResponse.parse(der).orElseThrow());
        } catch (IOException | RuntimeException e) {
            // OpenSSL stops printing at the part it cannot decode; what came before stays
        }
        return out.toString().replaceAll("(?m)^$(?=\n)", " ");
    }

    private static void append(StringBuilder out, OCSPResponse response) throws IOException {
        int status = response.getResponseStatus().getIntValue();
        out.append("OCSP Response Data:\n");
        out.append("    OCSP Response Status: ").append(name(RESPONSE_STATUS, status)).append(" (0x")
                .append(Integer.toHexString(status)).append(")\n");
        ResponseBytes bytes = response.getResponseBytes();
        if (bytes == null) {
            return;
        }
        out.append("    Response Type: ");
        if (!bytes.getResponseType().equals(OCSPObjectIdentifiers.id_pkix_ocsp_basic)) {
            out.append(OpensslText.objectName(bytes.getResponseType())).append(" (unknown response type)\n");
            return;
        }
        out.append("Basic OCSP Response\n");
        BasicOCSPResponse basic = BasicOCSPResponse.getInstance(bytes.getResponse().getOctets());
        ResponseData data = basic.getTbsResponseData();
        int version = data.getVersion().intValueExact();
        out.append("    Version: ").append(version + 1).append(" (0x").append(Integer.toHexString(version)).append(")\n");
        out.append("    Responder Id: ").append(responder(data.getResponderID())).append('\n');
        out.append("    Produced At: ").append(OpensslText.time(data.getProducedAt())).append('\n');
        out.append("    Responses:\n");
        for (ASN1Encodable item : data.getResponses()) {
            appendSingle(out, SingleResponse.getInstance(item));
        }
        appendExtensions(out, "Response Extensions", data.getResponseExtensions(), 4);
        X509Text.appendSignature(out, basic.getSignatureAlgorithm(), basic.getSignature());
        if (basic.getCerts() != null) {
            for (ASN1Encodable cert : basic.getCerts()) {
                X509Text.append(out, Certificate.getInstance(cert));
            }
        }
    }

    private static String responder(ResponderID id) {
        return id.getName() != null ? DistinguishedNames.oneline(id.getName()) : OpensslText.hex(id.getKeyHash());
    }

    private static void appendSingle(StringBuilder out, SingleResponse single) {
        appendCertId(out, single.getCertID(), 4, true);
        CertStatus status = single.getCertStatus();
        out.append("    Cert Status: ").append(name(CERT_STATUS, status.getTagNo()));
        if (status.getTagNo() == 1) {
            RevokedInfo revoked = RevokedInfo.getInstance(status.getStatus());
            out.append("\n    Revocation Time: ").append(OpensslText.time(revoked.getRevocationTime()));
            if (revoked.getRevocationReason() != null) {
                int reason = revoked.getRevocationReason().getValue().intValue();
                out.append("\n    Revocation Reason: ").append(name(CRL_REASONS, reason)).append(" (0x")
                        .append(Integer.toHexString(reason)).append(')');
            }
        }
        out.append("\n    This Update: ").append(OpensslText.time(single.getThisUpdate()));
        if (single.getNextUpdate() != null) {
            out.append("\n    Next Update: ").append(OpensslText.time(single.getNextUpdate()));
        }
        out.append('\n');
        appendExtensions(out, "Response Single Extensions", single.getSingleExtensions(), 8);
        out.append('\n');
    }

    /**
     * OpenSSL's {@code ocsp_certid_print}; HAProxy's list form ({@code show ssl ocsp-response})
     * prints the same lines at indent 1 without the hash algorithm.
     */
    static void appendCertId(StringBuilder out, CertID id, int indent, boolean withAlgorithm) {
        String outer = " ".repeat(indent);
        String inner = " ".repeat(indent + 2);
        out.append(outer).append("Certificate ID:\n");
        if (withAlgorithm) {
            out.append(inner).append("Hash Algorithm: ")
                    .append(OpensslText.objectName(id.getHashAlgorithm().getAlgorithm())).append('\n');
        }
        out.append(inner).append("Issuer Name Hash: ").append(OpensslText.hex(id.getIssuerNameHash().getOctets()))
                .append('\n');
        out.append(inner).append("Issuer Key Hash: ").append(OpensslText.hex(id.getIssuerKeyHash().getOctets()))
                .append('\n');
        out.append(inner).append("Serial Number: ").append(OpensslText.integerHex(id.getSerialNumber())).append('\n');
    }

    /** {@code X509V3_extensions_print}: nothing when there are none. */
    private static void appendExtensions(StringBuilder out, String title, Extensions extensions, int indent) {
        if (extensions == null || extensions.getExtensionOIDs().length == 0) {
            return;
        }
        out.append(" ".repeat(indent)).append(title).append(":\n");
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            Extension e = extensions.getExtension(oid);
            out.append(" ".repeat(indent + 4)).append(OpensslText.objectName(oid)).append(": ")
                    .append(e.isCritical() ? "critical" : "").append('\n');
            byte[] value = e.getExtnValue().getOctets();
            // the nonce prints its raw value (the inner octet string's tag and length included), others as OpenSSL's fallback
            out.append(" ".repeat(indent + 8)).append(oid.equals(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)
                    ? OpensslText.hex(value) : printable(value)).append('\n');
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return out.toString();
    }

    private static String name(String[] names, int value) {
        return value >= 0 && value < names.length ? names[value] : "(UNKNOWN)";
    }
}
