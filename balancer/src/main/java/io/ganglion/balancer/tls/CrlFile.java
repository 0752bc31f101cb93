package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code crl-file}: the revocation lists client certificates are checked against. PEM CRLs; other
 * PEM blocks in the file (certificates) are skipped, as HAProxy loads such a file without error.
 *
 * @param path as written
 * @param crls the lists, in file order
 */
record CrlFile(String path, List<X509CRL> crls) {
    CrlFile {
        crls = List.copyOf(crls);
    }

    static CrlFile load(String path) throws KeywordException {
        String text;
        try {
            text = Files.readString(Path.of(path), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeywordException("'crl-file' : unable to load " + path);
        }
        List<X509CRL> crls = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("-----BEGIN X509 CRL-----[^-]*-----END X509 CRL-----").matcher(text);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                try (InputStream in = new java.io.ByteArrayInputStream(
                        m.group().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                    crls.add((X509CRL) factory.generateCRL(in));
                }
            }
        } catch (IOException | CRLException | java.security.cert.CertificateException e) {
            throw new KeywordException("'crl-file' : unable to load " + path);
        }
        return new CrlFile(path, crls);
    }
}
