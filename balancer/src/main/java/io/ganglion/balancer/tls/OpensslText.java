package io.ganglion.balancer.tls;

import java.math.BigInteger;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;

/**
 * The small pieces of OpenSSL's text output that HAProxy 2.6 passes through to its socket answers
 * ({@code show ssl ocsp-response ID} prints OpenSSL's {@code OCSP_RESPONSE_print} and
 * {@code X509_print}; {@code show ssl cert FILE} its own lines over OpenSSL's helpers): dates, hex
 * dumps, integers and object names, so that the printers read as the layout they reproduce.
 */
final class OpensslText {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    /** OpenSSL's long names for the objects these answers print; any other prints dotted. */
    private static final Map<String, String> LONG_NAMES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.1", "rsaEncryption"),
            Map.entry("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.10", "rsassaPss"),
            Map.entry("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
            Map.entry("1.2.840.10045.2.1", "id-ecPublicKey"),
            Map.entry("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
            Map.entry("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
            Map.entry("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
            Map.entry("1.3.101.112", "ED25519"),
            Map.entry("1.3.14.3.2.26", "sha1"),
            Map.entry("2.16.840.1.101.3.4.2.1", "sha256"),
            Map.entry("2.16.840.1.101.3.4.2.2", "sha384"),
            Map.entry("2.16.840.1.101.3.4.2.3", "sha512"),
            Map.entry("1.3.6.1.5.5.7.48.1.2", "OCSP Nonce"),
            Map.entry("1.3.6.1.5.5.7.48.1.3", "OCSP CRL ID"),
            Map.entry("1.3.6.1.5.5.7.48.1.4", "Acceptable OCSP Responses"),
            Map.entry("1.3.6.1.5.5.7.48.1.5", "OCSP No Check"),
            Map.entry("1.3.6.1.5.5.7.48.1.6", "OCSP Archive Cutoff"),
            Map.entry("1.3.6.1.5.5.7.48.1.7", "OCSP Service Locator"),
            Map.entry("2.5.29.14", "X509v3 Subject Key Identifier"),
            Map.entry("2.5.29.15", "X509v3 Key Usage"),
            Map.entry("2.5.29.17", "X509v3 Subject Alternative Name"),
            Map.entry("2.5.29.18", "X509v3 Issuer Alternative Name"),
            Map.entry("2.5.29.19", "X509v3 Basic Constraints"),
            Map.entry("2.5.29.31", "X509v3 CRL Distribution Points"),
            Map.entry("2.5.29.32", "X509v3 Certificate Policies"),
            Map.entry("2.5.29.35", "X509v3 Authority Key Identifier"),
            Map.entry("2.5.29.37", "X509v3 Extended Key Usage"),
            Map.entry("1.3.6.1.5.5.7.1.1", "Authority Information Access"),
            Map.entry("1.2.840.10045.3.1.7", "prime256v1"),
            Map.entry("1.3.132.0.34", "secp384r1"),
            Map.entry("1.3.132.0.35", "secp521r1"));

    private OpensslText() {
    }

    /** {@code i2a_ASN1_OBJECT}: the object's long name, or its dotted form when OpenSSL has none. */
    static String objectName(ASN1ObjectIdentifier oid) {
        return LONG_NAMES.getOrDefault(oid.getId(), oid.getId());
    }

    /** {@code ASN1_TIME_print}: {@code Nov 24 03:10:42 2026 GMT} (fractional seconds kept, as OpenSSL keeps them). */
    static String time(Time time) {
        return time.toASN1Primitive() instanceof ASN1GeneralizedTime g ? time(g) : time((ASN1UTCTime) time.toASN1Primitive());
    }

    static String time(ASN1GeneralizedTime time) {
        // the encoded text: yyyyMMddHHmmss[.fff]Z in DER
        String raw = time.getTimeString();
        int end = 14;
        while (end < raw.length() && (raw.charAt(end) == '.' || Character.isDigit(raw.charAt(end)))) {
            end++;
        }
        return layout(raw.substring(0, 4), raw.substring(4, 6), raw.substring(6, 8), raw.substring(8, 10),
                raw.substring(10, 12), raw.substring(12, 14), raw.substring(14, end));
    }

    static String time(ASN1UTCTime time) {
        // yyMMddHHmmssZ; RFC 5280's window: 50-99 are the 1900s
        String raw = time.getTime();
        int yy = Integer.parseInt(raw.substring(0, 2));
        String year = Integer.toString(yy < 50 ? 2000 + yy : 1900 + yy);
        return layout(year, raw.substring(2, 4), raw.substring(4, 6), raw.substring(6, 8), raw.substring(8, 10),
                raw.substring(10, 12), "");
    }

    static String time(ZonedDateTime utc) {
        ZonedDateTime t = utc.withZoneSameInstant(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%s %2d %02d:%02d:%02d %d GMT", MONTHS[t.getMonthValue() - 1],
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
    }

    private static String layout(String year, String month, String day, String hour, String minute, String second,
            String fraction) {
        return String.format(Locale.ROOT, "%s %2d %s:%s:%s%s %d GMT", MONTHS[Integer.parseInt(month) - 1],
                Integer.parseInt(day), hour, minute, second, fraction, Integer.parseInt(year));
    }

    /** {@code i2a_ASN1_INTEGER}: the magnitude's bytes in upper-case hex, {@code -} first when negative. */
    static String integerHex(ASN1Integer value) {
        return integerHex(value.getValue());
    }

    static String integerHex(BigInteger value) {
        byte[] magnitude = value.abs().toByteArray();
        int from = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        String hex = HexFormat.of().withUpperCase().formatHex(magnitude, from, magnitude.length);
        return value.signum() < 0 ? "-" + hex : hex;
    }

    /** Upper-case hex without separators, as {@code i2a_ASN1_STRING} and HAProxy's fingerprints print. */
    static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /** {@code AA:BB:CC} upper case on one line ({@code i2s_ASN1_OCTET_STRING}, key identifiers). */
    static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    /**
     * A lower-case {@code aa:bb:} dump broken every {@code perLine} bytes, each line indented, every
     * byte but the last followed by a colon: {@code X509_signature_dump} (18 a line) and
     * {@code ASN1_buf_print} (15 a line, public keys).
     */
    static void appendDump(StringBuilder out, byte[] bytes, int perLine, int indent) {
        for (int i = 0; i < bytes.length; i++) {
            if (i % perLine == 0) {
                out.append(" ".repeat(indent));
            }
            out.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
            if (i + 1 < bytes.length) {
                out.append(':');
            }
            if (i % perLine == perLine - 1 || i + 1 == bytes.length) {
                out.append('\n');
            }
        }
    }

    /** {@code PEM_write_bio_X509}. */
    static void appendPem(StringBuilder out, String label, byte[] der) {
        out.append("-----BEGIN ").append(label).append("-----\n");
        String body = Base64.getEncoder().encodeToString(der);
        for (int i = 0; i < body.length(); i += 64) {
            out.append(body, i, Math.min(body.length(), i + 64)).append('\n');
        }
        out.append("-----END ").append(label).append("-----\n");
    }
}
