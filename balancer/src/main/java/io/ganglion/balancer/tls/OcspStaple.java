package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.BindSpec;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.config.ProxySection;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The OCSP response a certificate file staples ({@code FILE.ocsp}), vetted as HAProxy 2.6 vets it
 * while loading: the certificate's OCSP id is computed from its issuer, found in the file's chain
 * first, else in {@code FILE.issuer}; without an issuer the configuration is refused at the
 * {@code bind} line; a response that fails {@link OcspResponse#check} is warned about and not
 * stapled ("Content will be ignored"), as HAProxy does, so that a stale file never stops a restart.
 */
final class OcspStaple {

    private OcspStaple() {
    }

    /** The id HAProxy files the certificate's response under, when its issuer is known. */
    static Optional<OcspCertId> certId(CertificateFile file) {
        return certId(file.leaf(), file.chain(), file.issuer());
    }

    /** The same for a certificate not loaded yet ({@code show ssl cert *FILE}). */
    static Optional<OcspCertId> certId(X509Certificate leaf, List<X509Certificate> chain, X509Certificate issuerFile) {
        X509Certificate issuer = issuerFile;
        for (X509Certificate c : chain) {
            if (issued(c, leaf)) {
                issuer = c;
                break;
            }
        }
        if (issuer == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OcspCertId.of(Certificate.getInstance(leaf.getEncoded()),
                    Certificate.getInstance(issuer.getEncoded())));
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    private static boolean issued(X509Certificate issuer, X509Certificate leaf) {
        if (!issuer.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            return false;
        }
        try {
            leaf.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The file as it is served: its response dropped when HAProxy would ignore it. */
    static CertificateFile vetted(CertificateFile file, Clock clock) {
        return file.ocsp() == null || problem(file, clock).isEmpty() ? file : file.withOcsp(null);
    }

    /** Why HAProxy would not staple the file's response, in its words, or empty. */
    private static Optional<String> problem(CertificateFile file, Clock clock) {
        Optional<OcspCertId> id = certId(file);
        if (id.isEmpty()) {
            return Optional.of("no issuer");
        }
        try {
            OcspResponse.check(file.ocsp(), id, clock);
            return Optional.empty();
        } catch (OcspException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The configuration check: an alert without an issuer, a warning for a response ignored. */
    static void check(List<ProxySection> proxies, Map<String, ProxySection> backends, List<Problem> problems) {
        Clock clock = Clock.systemUTC();
        for (ProxySection p : proxies) {
            for (BindSpec b : p.binds()) {
                for (CertificateFile f : b.get(TlsBindOptions.TLS).certificates()) {
                    if (f.ocsp() == null) {
                        continue;
                    }
                    if (certId(f).isEmpty()) {
                        problems.add(Problem.alert(b.source(), "'bind " + b.text() + "' in section '"
                                + p.kind().keyword() + "' :  '" + f.path()
                                + ".ocsp' is present and activates OCSP but it is impossible to compute the OCSP"
                                + " certificate ID (maybe the issuer could not be found)'."));
                        continue;
                    }
                    problem(f, clock).ifPresent(message -> problems.add(Problem.warning(null,
                            "Loading: " + message + ". Content will be ignored.")));
                }
            }
        }
    }
}
