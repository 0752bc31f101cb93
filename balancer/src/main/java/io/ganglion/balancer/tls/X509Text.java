package io.ganglion.balancer.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * A certificate printed as OpenSSL 3.0's {@code X509_print} prints it, then in PEM: what HAProxy
 * 2.6 appends to {@code show ssl ocsp-response ID} for each certificate the response carries.
 * The extensions a TLS PKI uses print in OpenSSL's words; any other extension prints its value's
 * bytes, as OpenSSL prints one it has no printer for.
 */
final class X509Text {

    private static final String[] KEY_USAGES = {"Digital Signature", "Non Repudiation", "Key Encipherment",
            "Data Encipherment", "Key Agreement", "Certificate Sign", "CRL Sign", "Encipher Only", "Decipher Only"};
    private static final int[] KEY_USAGE_BITS = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation,
            KeyUsage.keyEncipherment, KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign,
            KeyUsage.cRLSign, KeyUsage.encipherOnly, KeyUsage.decipherOnly};

    private X509Text() {
    }

    static void append(StringBuilder out, Certificate cert) throws IOException {
        TBSCertificate tbs = cert.getTBSCertificate();
        out.append("Certificate:\n    Data:\n");
        int version = tbs.getVersionNumber();
        out.append("        Version: ").append(version).append(" (0x").append(Integer.toHexString(version - 1))
                .append(")\n");
        appendSerial(out, tbs.getSerialNumber().getValue());
        out.append("        Signature Algorithm: ").append(OpensslText.objectName(tbs.getSignature().getAlgorithm()))
                .append('\n');
        out.append("        Issuer: ").append(DistinguishedNames.compat(tbs.getIssuer())).append('\n');
        out.append("        Validity\n");
        out.append("            Not Before: ").append(OpensslText.time(tbs.getStartDate())).append('\n');
        out.append("            Not After : ").append(OpensslText.time(tbs.getEndDate())).append('\n');
        out.append("        Subject: ").append(DistinguishedNames.compat(tbs.getSubject())).append('\n');
        appendPublicKey(out, tbs.getSubjectPublicKeyInfo());
        if (tbs.getExtensions() != null) {
            appendExtensions(out, tbs.getExtensions());
        }
        appendSignature(out, cert.getSignatureAlgorithm(), cert.getSignature());
        OpensslText.appendPem(out, "CERTIFICATE", cert.getEncoded());
    }

    /** {@code X509_signature_print}, shared with the OCSP response's own signature. */
    static void appendSignature(StringBuilder out, AlgorithmIdentifier algorithm, ASN1BitString signature) {
        out.append("    Signature Algorithm: ").append(OpensslText.objectName(algorithm.getAlgorithm())).append('\n');
        out.append("    Signature Value:\n");
        OpensslText.appendDump(out, signature.getBytes(), 18, 8);
    }

    /** A serial that fits a C {@code long} prints in decimal and hex on one line, a longer one as a dump. */
    private static void appendSerial(StringBuilder out, BigInteger serial) {
        out.append("        Serial Number:");
        if (serial.bitLength() <= 63) {
            String sign = serial.signum() < 0 ? "-" : "";
            out.append(' ').append(sign).append(serial.abs()).append(" (").append(sign).append("0x")
                    .append(serial.abs().toString(16)).append(")\n");
            return;
        }
        out.append('\n').append(" ".repeat(12));
        if (serial.signum() < 0) {
            out.append(" (Negative)");
        }
        byte[] bytes = serial.abs().toByteArray();
        int from = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        for (int i = from; i < bytes.length; i++) {
            out.append(String.format("%02x", bytes[i] & 0xff)).append(i + 1 < bytes.length ? ":" : "\n");
        }
    }

    private static void appendPublicKey(StringBuilder out, SubjectPublicKeyInfo key) throws IOException {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        out.append("        Subject Public Key Info:\n");
        out.append("            Public Key Algorithm: ").append(OpensslText.objectName(algorithm)).append('\n');
        String id = algorithm.getId();
        if (id.equals("1.2.840.113549.1.1.1")) {
            RSAPublicKey rsa = RSAPublicKey.getInstance(key.parsePublicKey());
            out.append("                Public-Key: (").append(rsa.getModulus().bitLength()).append(" bit)\n");
            out.append("                Modulus:\n");
            OpensslText.appendDump(out, rsa.getModulus().toByteArray(), 15, 20);
            BigInteger e = rsa.getPublicExponent();
            out.append("                Exponent: ").append(e).append(" (0x").append(e.toString(16)).append(")\n");
        } else if (id.equals("1.2.840.10045.2.1")) {
            ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(key.getAlgorithm().getParameters());
            byte[] point = key.getPublicKeyData().getBytes();
            out.append("                Public-Key: (").append(curveBits(curve)).append(" bit)\n");
            out.append("                pub:\n");
            OpensslText.appendDump(out, point, 15, 20);
            out.append("                ASN1 OID: ").append(OpensslText.objectName(curve)).append('\n');
            String nist = nistName(curve);
            if (nist != null) {
                out.append("                NIST CURVE: ").append(nist).append('\n');
            }
        } else {
            out.append("                Unable to load Public Key\n");
        }
    }

    private static int curveBits(ASN1ObjectIdentifier curve) {
        return switch (curve.getId()) {
            case "1.3.132.0.34" -> 384;
            case "1.3.132.0.35" -> 521;
            default -> 256;
        };
    }

    private static String nistName(ASN1ObjectIdentifier curve) {
        return switch (curve.getId()) {
            case "1.2.840.10045.3.1.7" -> "P-256";
            case "1.3.132.0.34" -> "P-384";
            case "1.3.132.0.35" -> "P-521";
            default -> null;
        };
    }

    private static void appendExtensions(StringBuilder out, Extensions extensions) {
        out.append("        X509v3 extensions:\n");
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            Extension e = extensions.getExtension(oid);
            out.append("            ").append(OpensslText.objectName(oid)).append(": ")
                    .append(e.isCritical() ? "critical" : "").append('\n');
            for (String line : extensionLines(e)) {
                out.append("                ").append(line).append('\n');
            }
        }
    }

    private static List<String> extensionLines(Extension e) {
        ASN1Encodable value = e.getParsedValue();
        switch (e.getExtnId().getId()) {
            case "2.5.29.14":
                return List.of(OpensslText.colonHex(ASN1OctetString.getInstance(value).getOctets()));
            case "2.5.29.35": {
                AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(value);
                return aki.getKeyIdentifierObject() == null ? List.of()
                        : List.of(OpensslText.colonHex(aki.getKeyIdentifierObject().getOctets()));
            }
            case "2.5.29.19": {
                BasicConstraints bc = BasicConstraints.getInstance(value);
                String text = bc.isCA() ? "CA:TRUE" : "CA:FALSE";
                return List.of(bc.getPathLenConstraint() == null ? text : text + ", pathlen:" + bc.getPathLenConstraint());
            }
            case "2.5.29.15": {
                KeyUsage usage = KeyUsage.getInstance(value);
                List<String> names = new ArrayList<>();
                for (int i = 0; i < KEY_USAGES.length; i++) {
                    if (usage.hasUsages(KEY_USAGE_BITS[i])) {
                        names.add(KEY_USAGES[i]);
                    }
                }
                return List.of(String.join(", ", names));
            }
            case "2.5.29.37": {
                List<String> names = new ArrayList<>();
                for (KeyPurposeId purpose : ExtendedKeyUsage.getInstance(value).getUsages()) {
                    names.add(purposeName(purpose));
                }
                return List.of(String.join(", ", names));
            }
            case "2.5.29.17", "2.5.29.18": {
                List<String> names = new ArrayList<>();
                for (GeneralName name : GeneralNames.getInstance(value).getNames()) {
                    names.add(generalName(name));
                }
                return List.of(String.join(", ", names));
            }
            case "1.3.6.1.5.5.7.1.1": {
                List<String> lines = new ArrayList<>();
                for (AccessDescription d : AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
                    String method = d.getAccessMethod().equals(AccessDescription.id_ad_ocsp) ? "OCSP"
                            : d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers) ? "CA Issuers"
                            : d.getAccessMethod().getId();
                    lines.add(method + " - " + generalName(d.getAccessLocation()));
                }
                return lines;
            }
            default:
                return List.of(printable(e.getExtnValue().getOctets()));
        }
    }

    private static String purposeName(KeyPurposeId purpose) {
        return switch (purpose.getId()) {
            case "1.3.6.1.5.5.7.3.1" -> "TLS Web Server Authentication";
            case "1.3.6.1.5.5.7.3.2" -> "TLS Web Client Authentication";
            case "1.3.6.1.5.5.7.3.3" -> "Code Signing";
            case "1.3.6.1.5.5.7.3.4" -> "E-mail Protection";
            case "1.3.6.1.5.5.7.3.8" -> "Time Stamping";
            case "1.3.6.1.5.5.7.3.9" -> "OCSP Signing";
            default -> purpose.getId();
        };
    }

    /** {@code GENERAL_NAME_print}. */
    static String generalName(GeneralName name) {
        ASN1Encodable v = name.getName();
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + v;
            case GeneralName.rfc822Name -> "email:" + v;
            case GeneralName.uniformResourceIdentifier -> "URI:" + v;
            case GeneralName.iPAddress -> "IP Address:" + ipText(ASN1OctetString.getInstance(v).getOctets());
            case GeneralName.directoryName -> "DirName:" + DistinguishedNames.slashed(X500Name.getInstance(v));
            case GeneralName.registeredID -> "Registered ID:" + v;
            default -> "othername:<unsupported>";
        };
    }

    private static String ipText(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < address.length; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Integer.toHexString((address[i] & 0xff) << 8 | address[i + 1] & 0xff).toUpperCase());
        }
        return out.toString();
    }

    /** {@code ASN1_STRING_print}: printable bytes as they are, any other as a dot. */
    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(b >= 0x20 && b < 0x7f || b == '\n' ? (char) b : '.');
        }
        return out.toString();
    }
}
