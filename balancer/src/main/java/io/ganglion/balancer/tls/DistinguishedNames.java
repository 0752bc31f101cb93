package io.ganglion.balancer.tls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A certificate name in the three spellings HAProxy 2.6's answers show: its own one-line form
 * ({@code /C=FR/O=Acme, Inc/CN=a.example}, {@code show ssl cert}), OpenSSL's {@code X509_print}
 * form ({@code C=FR, O=Acme, Inc, CN=a.example}) and OpenSSL's {@code XN_FLAG_ONELINE} form
 * ({@code C = FR, O = "Acme, Inc", CN = a.example}, an OCSP responder's name).
 */
final class DistinguishedNames {

    /** OpenSSL's short names; an attribute without one prints dotted. */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"), Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.8", "ST"), Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"),
            Map.entry("2.5.4.5", "serialNumber"), Map.entry("2.5.4.4", "SN"), Map.entry("2.5.4.42", "GN"),
            Map.entry("2.5.4.12", "title"), Map.entry("2.5.4.9", "street"), Map.entry("2.5.4.17", "postalCode"),
            Map.entry("0.9.2342.19200300.100.1.25", "DC"), Map.entry("0.9.2342.19200300.100.1.1", "UID"),
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"));

    private DistinguishedNames() {
    }

    /** HAProxy's {@code /TYPE=value/...} (its {@code ssl_sock_get_dn_oneline}). */
    static String slashed(X500Name name) {
        StringBuilder out = new StringBuilder();
        for (AttributeTypeAndValue a : attributes(name)) {
            out.append('/').append(shortName(a)).append('=').append(value(a));
        }
        return out.toString();
    }

    /**
     * {@code X509_print}'s form: OpenSSL's {@code /TYPE=value} line with each slash that starts an
     * upper-case short name ({@code /C=}, {@code /CN=}) turned into {@code ", "}; other slashes stay.
     */
    static String compat(X500Name name) {
        String line = slashed(name);
        StringBuilder out = new StringBuilder();
        int from = 1;
        for (int i = 1; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == '/' && startsShortName(line, i + 1)) {
                out.append(line, from, i);
                if (i < line.length()) {
                    out.append(", ");
                }
                from = i + 1;
            }
        }
        return out.toString();
    }

    private static boolean startsShortName(String line, int at) {
        return at + 1 < line.length() && Character.isUpperCase(line.charAt(at))
                && (line.charAt(at + 1) == '='
                        || at + 2 < line.length() && Character.isUpperCase(line.charAt(at + 1)) && line.charAt(at + 2) == '=');
    }

    /** {@code XN_FLAG_ONELINE}: {@code TYPE = value, ...}, a value with RFC 2253 specials quoted. */
    static String oneline(X500Name name) {
        List<String> parts = new ArrayList<>();
        for (AttributeTypeAndValue a : attributes(name)) {
            parts.add(shortName(a) + " = " + quoted(value(a)));
        }
        return String.join(", ", parts);
    }

    private static String quoted(String value) {
        boolean special = value.chars().anyMatch(c -> ",+<>;".indexOf(c) >= 0);
        String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"");
        return special ? '"' + escaped + '"' : escaped;
    }

    private static List<AttributeTypeAndValue> attributes(X500Name name) {
        List<AttributeTypeAndValue> all = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            all.addAll(List.of(rdn.getTypesAndValues()));
        }
        return all;
    }

    private static String shortName(AttributeTypeAndValue a) {
        return SHORT_NAMES.getOrDefault(a.getType().getId(), a.getType().getId());
    }

    private static String value(AttributeTypeAndValue a) {
        ASN1Encodable v = a.getValue();
        return v instanceof ASN1String s ? s.getString() : v.toString();
    }
}
