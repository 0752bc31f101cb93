package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** A {@code ca-file}: the CA certificates client certificates are verified against. */
final class CaFile {
    private CaFile() {
    }

    static List<X509Certificate> load(String path) throws KeywordException {
        List<X509Certificate> cas = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(in).forEach(c -> cas.add((X509Certificate) c));
        } catch (IOException | CertificateException e) {
            throw new KeywordException("'ca-file' : unable to load " + path);
        }
        if (cas.isEmpty()) {
            throw new KeywordException("'ca-file' : unable to load " + path);
        }
        return cas;
    }
}
