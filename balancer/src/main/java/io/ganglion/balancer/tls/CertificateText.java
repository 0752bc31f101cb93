package io.ganglion.balancer.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * {@code show ssl cert FILE} as HAProxy 2.6 prints it (capture 313 and a live HAProxy): the
 * leaf's serial, dates, names, key algorithm and fingerprint, each chain certificate's subject and
 * issuer, and the key of the OCSP response it staples. Its quirk is kept: the subject alternative
 * names list only DNS names but keep a separator for every other name ({@code , DNS:localhost}
 * for an IP address then a DNS name), because scripts read the line as HAProxy writes it.
 */
final class CertificateText {

    private CertificateText() {
    }

    /** A file's entry: {@code name} is the path, {@code *path} for a transaction's copy. */
    static String of(String name, String status, X509Certificate leaf, List<X509Certificate> chain,
            Optional<OcspCertId> ocsp) {
        Certificate cert = asn1(leaf);
        StringBuilder out = new StringBuilder();
        out.append("Filename: ").append(name).append('\n');
        out.append("Status: ").append(status).append('\n');
        out.append("Serial: ").append(OpensslText.integerHex(cert.getSerialNumber())).append('\n');
        out.append("notBefore: ").append(OpensslText.time(cert.getStartDate())).append('\n');
        out.append("notAfter: ").append(OpensslText.time(cert.getEndDate())).append('\n');
        out.append("Subject Alternative Name: ").append(dnsNames(cert)).append('\n');
        out.append("Algorithm: ").append(algorithm(leaf)).append('\n');
        out.append("SHA1 FingerPrint: ").append(OpensslText.hex(sha1(cert))).append('\n');
        out.append("Subject: ").append(DistinguishedNames.slashed(cert.getSubject())).append('\n');
        out.append("Issuer: ").append(DistinguishedNames.slashed(cert.getIssuer())).append('\n');
        for (X509Certificate c : chain) {
            Certificate link = asn1(c);
            out.append("Chain Subject: ").append(DistinguishedNames.slashed(link.getSubject())).append('\n');
            out.append("Chain Issuer: ").append(DistinguishedNames.slashed(link.getIssuer())).append('\n');
        }
        out.append("OCSP Response Key: ").append(ocsp.map(OcspCertId::key).orElse("")).append('\n');
        return out.toString();
    }

    /** An entry made by {@code new ssl cert} and not yet given a certificate. */
    static String empty(String name) {
        return "Filename: " + name + "\nStatus: Empty\nOCSP Response Key: \n";
    }

    private static String dnsNames(Certificate cert) {
        Extension san = cert.getTBSCertificate().getExtensions() == null ? null
                : cert.getTBSCertificate().getExtensions().getExtension(Extension.subjectAlternativeName);
        if (san == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (GeneralName n : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
            parts.add(n.getTagNo() == GeneralName.dNSName ? "DNS:" + n.getName() : "");
        }
        return String.join(", ", parts);
    }

    /** HAProxy's {@code RSA2048}, {@code EC256}, {@code DSA1024}. */
    private static String algorithm(X509Certificate leaf) {
        if (leaf.getPublicKey() instanceof RSAPublicKey rsa) {
            return "RSA" + rsa.getModulus().bitLength();
        }
        if (leaf.getPublicKey() instanceof ECPublicKey ec) {
            return "EC" + ec.getParams().getCurve().getField().getFieldSize();
        }
        if (leaf.getPublicKey() instanceof DSAPublicKey dsa) {
            return "DSA" + dsa.getParams().getP().bitLength();
        }
        return "Unknown";
    }

    private static byte[] sha1(Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException("SHA-1 and DER encoding are always there", e);
        }
    }

    static Certificate asn1(X509Certificate c) {
        try {
            return Certificate.getInstance(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("a loaded certificate encodes", e);
        }
    }
}
