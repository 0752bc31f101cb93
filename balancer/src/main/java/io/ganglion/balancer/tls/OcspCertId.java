package io.ganglion.balancer.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The OCSP certificate id HAProxy 2.6 files a certificate's response under: the DER of the
 * {@code CertID} OpenSSL's {@code OCSP_cert_to_id} builds from the certificate and its issuer
 * (SHA-1 of the issuer's name and of its public key, with an explicit NULL parameter, and the
 * certificate's serial). {@link #key()} is the lower-case hex HAProxy shows as {@code Certificate ID
 * key} and takes as {@code show ssl ocsp-response ID}; ids order as HAProxy's tree orders them,
 * byte by byte.
 */
public final class OcspCertId implements Comparable<OcspCertId> {

    private final byte[] der;
    private final CertID id;

    private OcspCertId(CertID id) {
        this.id = id;
        try {
            this.der = id.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of {@code certificate} issued by {@code issuer}, as HAProxy computes it when loading. */
    public static OcspCertId of(Certificate certificate, Certificate issuer) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] nameHash = sha1.digest(issuer.getSubject().getEncoded(ASN1Encoding.DER));
            byte[] keyHash = sha1.digest(issuer.getSubjectPublicKeyInfo().getPublicKeyData().getBytes());
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE);
            return new OcspCertId(new CertID(algorithm, new DEROctetString(nameHash), new DEROctetString(keyHash),
                    new ASN1Integer(certificate.getSerialNumber().getValue())));
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** The id a response names, re-encoded in DER as HAProxy re-encodes it before looking it up. */
    static OcspCertId of(CertID named) {
        return new OcspCertId(named);
    }

    public String key() {
        return HexFormat.of().formatHex(der);
    }

    CertID asn1() {
        return id;
    }

    /** HAProxy's list form: the key line, then the id at indent 1 without its hash algorithm. */
    void appendListEntry(StringBuilder out) {
        out.append("Certificate ID key : ").append(key()).append('\n');
        OcspResponseText.appendCertId(out, id, 1, false);
    }

    @Override
    public int compareTo(OcspCertId other) {
        return Arrays.compareUnsigned(der, other.der);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OcspCertId other && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return key();
    }
}
