package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The copy of a certificate file a {@code set ssl cert} transaction edits (HAProxy's transaction
 * "ckch store" duplicate): each {@code set} replaces one part, chosen by the name's suffix as in
 * HAProxy 2.6 (the PEM's certificates and key; {@code .key}, {@code .issuer}, {@code .ocsp} in
 * base64), and the whole is checked only at {@code commit}, as HAProxy checks it.
 *
 * @param certificates the leaf then its chain; empty for an entry {@code new ssl cert} made
 * @param key          null until a payload gives one
 * @param ocsp         DER, or null
 * @param issuer       or null
 * @param ocspKey      the OCSP id {@code show ssl cert *FILE} prints: HAProxy 2.6 keeps the one it
 *                     computed when it loaded the file, whatever the transaction changes since
 */
record PendingCertificate(String path, List<X509Certificate> certificates, PrivateKey key, byte[] ocsp,
        X509Certificate issuer, Optional<OcspCertId> ocspKey) {

    PendingCertificate {
        certificates = List.copyOf(certificates);
    }

    static PendingCertificate empty(String path) {
        return new PendingCertificate(path, List.of(), null, null, null, Optional.empty());
    }

    static PendingCertificate of(CertificateFile file) {
        List<X509Certificate> all = List.of(file.certificates());
        return new PendingCertificate(file.path(), all, file.key(), file.ocsp(), file.issuer(),
                file.ocsp() == null ? Optional.empty() : OcspStaple.certId(file));
    }

    /** The part a {@code set ssl cert NAME} changes: the PEM, or the file beside it the suffix names. */
    enum Part {
        PEM(""), KEY(".key"), ISSUER(".issuer"), OCSP(".ocsp");

        final String suffix;

        Part(String suffix) {
            this.suffix = suffix;
        }

        static Part of(String name) {
            for (Part p : List.of(KEY, ISSUER, OCSP)) {
                if (name.endsWith(p.suffix)) {
                    return p;
                }
            }
            return PEM;
        }
    }

    /**
     * This copy with one part replaced by {@code payload}.
     *
     * @throws KeywordException with HAProxy's words when the payload holds nothing of the part
     */
    PendingCertificate with(Part part, String payload) throws KeywordException {
        switch (part) {
            case PEM: {
                List<PemBlocks.Block> blocks = blocks(payload, path);
                List<X509Certificate> certs = CertificateFile.certificates(blocks);
                if (certs.isEmpty()) {
                    throw new KeywordException("unable to load certificate from file '" + path + "'.");
                }
                return new PendingCertificate(path, certs, CertificateFile.firstKey(blocks), ocsp, issuer, ocspKey);
            }
            case KEY: {
                PrivateKey k = CertificateFile.firstKey(blocks(payload, path + ".key"));
                if (k == null) {
                    throw new KeywordException("unable to load private key from file '" + path + "'.");
                }
                return new PendingCertificate(path, certificates, k, ocsp, issuer, ocspKey);
            }
            case ISSUER: {
                List<X509Certificate> found = CertificateFile.certificates(blocks(payload, path + ".issuer"));
                if (found.isEmpty()) {
                    throw new KeywordException("No issuer found in '" + path + ".issuer'.");
                }
                return new PendingCertificate(path, certificates, key, ocsp, found.get(0), ocspKey);
            }
            default: {
                try {
                    byte[] der = Base64.getDecoder().decode(payload.replace("\n", "").replace("\r", ""));
                    return new PendingCertificate(path, certificates, key, der, issuer, ocspKey);
                } catch (IllegalArgumentException e) {
                    throw new KeywordException("'" + path + ".ocsp' : cannot parse base64.");
                }
            }
        }
    }

    private static List<PemBlocks.Block> blocks(String text, String name) throws KeywordException {
        try {
            return PemBlocks.parse(text);
        } catch (IllegalArgumentException e) {
            throw new KeywordException("unable to load certificate from file '" + name + "'.");
        }
    }

    /**
     * The file to serve, checked as {@code commit ssl cert} checks it.
     *
     * @throws KeywordException with HAProxy's words (without the final {@code Can't commit})
     */
    CertificateFile toFile() throws KeywordException {
        if (certificates.isEmpty() || key == null) {
            throw new KeywordException("The transaction must contain at least a certificate and a private key!");
        }
        X509Certificate leaf = certificates.get(0);
        if (!CertificateFile.matches(key, leaf)) {
            throw new KeywordException("inconsistencies between private key and certificate loaded '" + path + "'.");
        }
        return new CertificateFile(path, leaf, certificates.subList(1, certificates.size()), key, ocsp, issuer,
                CertificateFile.names(leaf));
    }
}
