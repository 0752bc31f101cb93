package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * One certificate file as {@code bind ... crt FILE} loads it (HAProxy's "ckch"): the PEM's leaf
 * certificate, its chain and private key ({@code FILE.key} when the PEM has none), and the files
 * HAProxy reads beside it: {@code FILE.ocsp} (a DER OCSP response, stapled to handshakes) and
 * {@code FILE.issuer} (the issuer's certificate, to check that response). Immutable: a run-time
 * change ({@code set ssl cert}) makes a new one and replaces it in the {@link CertificateStore}.
 *
 * @param path   the path as written in the configuration, the store's key and the name the socket shows
 * @param leaf   the server certificate (the PEM's first)
 * @param chain  the certificates after it, in file order
 * @param key    the private key, checked to match {@code leaf}
 * @param ocsp   {@code FILE.ocsp}'s DER bytes, or null; see {@link #ocspResponse()}
 * @param issuer {@code FILE.issuer}'s certificate, or null (then the issuer is in {@code chain}, if anywhere)
 * @param names  the DNS names SNI selects this certificate by: subjectAltName DNS entries and the CN
 */
public record CertificateFile(String path, X509Certificate leaf, List<X509Certificate> chain, PrivateKey key,
        byte[] ocsp, X509Certificate issuer, List<String> names) {
    public CertificateFile {
        chain = List.copyOf(chain);
        names = List.copyOf(names);
        ocsp = ocsp == null ? null : ocsp.clone();
    }

    /** The stapled OCSP response's DER, a copy (null without {@code FILE.ocsp}). */
    public byte[] ocspResponse() {
        return ocsp == null ? null : ocsp.clone();
    }

    /** Same certificate and key, another OCSP response (null removes it): for {@code set ssl ocsp-response}. */
    public CertificateFile withOcsp(byte[] response) {
        return new CertificateFile(path, leaf, chain, key, response, issuer, names);
    }

    /** The leaf then its chain, as given to the TLS library. */
    public X509Certificate[] certificates() {
        X509Certificate[] all = new X509Certificate[chain.size() + 1];
        all[0] = leaf;
        for (int i = 0; i < chain.size(); i++) {
            all[i + 1] = chain.get(i);
        }
        return all;
    }

    /**
     * Reads {@code path} and the files beside it, refusing what HAProxy refuses with its words
     * (what follows {@code 'bind ADDR' in section 'S' : }).
     */
    public static CertificateFile load(String path) throws KeywordException {
        Path file = Path.of(path);
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // HAProxy 2.6.12's words for a file that is missing, and for one there but not readable
            throw new KeywordException(e instanceof NoSuchFileException || !Files.exists(file)
                    ? "unable to stat SSL certificate from file '" + path + "' : No such file or directory."
                    : "cannot open the file '" + path + "'.");
        }
        return fromPem(path, pem, sideFile(path + ".key"), sideBytes(path + ".ocsp"), sideFile(path + ".issuer"));
    }

    /**
     * The certificate of a PEM text with its optional companions (text of {@code FILE.key}, bytes of
     * {@code FILE.ocsp}, text of {@code FILE.issuer}), for the loading at start and for
     * {@code set ssl cert} payloads alike.
     */
    public static CertificateFile fromPem(String path, String pem, String keyPem, byte[] ocsp, String issuerPem)
            throws KeywordException {
        List<PemBlocks.Block> blocks = blocks(pem, path);
        // HAProxy reads the key first: from the PEM, else from FILE.key
        PrivateKey key = firstKey(blocks);
        if (key == null && keyPem != null) {
            key = firstKey(blocks(keyPem, path + ".key"));
        }
        if (key == null) {
            throw new KeywordException("No Private Key found in '" + path + ".key'.");
        }
        List<X509Certificate> certs = certificates(blocks);
        if (certs.isEmpty()) {
            throw new KeywordException("unable to load certificate from file '" + path + "'.");
        }
        X509Certificate leaf = certs.get(0);
        if (!matches(key, leaf)) {
            throw new KeywordException("inconsistencies between private key and certificate loaded '" + path + "'.");
        }
        X509Certificate issuer = null;
        if (issuerPem != null) {
            List<X509Certificate> found = certificates(blocks(issuerPem, path + ".issuer"));
            if (found.isEmpty()) {
                throw new KeywordException("No issuer found in '" + path + ".issuer'.");
            }
            issuer = found.get(0);
        }
        return new CertificateFile(path, leaf, certs.subList(1, certs.size()), key, ocsp, issuer, names(leaf));
    }

    private static List<PemBlocks.Block> blocks(String pem, String path) throws KeywordException {
        try {
            return PemBlocks.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new KeywordException("unable to load certificate from file '" + path + "'.");
        }
    }

    static PrivateKey firstKey(List<PemBlocks.Block> blocks) throws KeywordException {
        for (PemBlocks.Block b : blocks) {
            try {
                PrivateKey k = PrivateKeys.of(b);
                if (k != null) {
                    return k;
                }
            } catch (GeneralSecurityException e) {
                // unreadable: HAProxy too goes on as if there were no key here
            }
        }
        return null;
    }

    static List<X509Certificate> certificates(List<PemBlocks.Block> blocks) throws KeywordException {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlocks.Block b : blocks) {
                if (b.type().equals("CERTIFICATE") || b.type().equals("TRUSTED CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            return certs;
        }
        return certs;
    }

    /** A signature made with the key verifies with the certificate: true for any key type. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "ganglion".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** subjectAltName DNS names, then the subject's CNs, lower case, without repeats (HAProxy indexes both). */
    static List<String> names(X509Certificate cert) {
        Set<String> names = new LinkedHashSet<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (((Integer) san.get(0)) == 2) {
                        names.add(((String) san.get(1)).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (CertificateException e) {
            // an unreadable extension: no SAN names, the CN remains
        }
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(rdn.getValue().toString().toLowerCase(java.util.Locale.ROOT));
                }
            }
        } catch (InvalidNameException e) {
            // no CN usable
        }
        return List.copyOf(names);
    }

    private static String sideFile(String path) {
        byte[] b = sideBytes(path);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A companion file's bytes, or null when it is absent (HAProxy loads them only if present). */
    private static byte[] sideBytes(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            return null;
        }
    }
}
