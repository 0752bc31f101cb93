package io.ganglion.balancer.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Client certificates verified against the {@code ca-file}, then against the {@code crl-file} as
 * HAProxy has OpenSSL do it ({@code X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL}): every
 * certificate of the verified chain, the CA's own included, needs a current CRL signed by its
 * issuer, and must not be on it. A missing or expired CRL fails the handshake as a revoked
 * certificate does ({@code unable to get certificate CRL}, {@code CRL has expired}).
 */
final class RevocationCheckingTrustManager implements X509TrustManager {
    private final X509TrustManager chain;
    private final List<X509CRL> crls;
    private final List<X509Certificate> cas;

    private RevocationCheckingTrustManager(X509TrustManager chain, List<X509Certificate> cas, List<X509CRL> crls) {
        this.chain = chain;
        this.cas = cas;
        this.crls = crls;
    }

    static X509TrustManager of(List<X509Certificate> cas, CrlFile crlFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager plain = (X509TrustManager) factory.getTrustManagers()[0];
            return crlFile == null ? plain : new RevocationCheckingTrustManager(plain, cas, crlFile.crls());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("trust store of the ca-file: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] presented, String authType) throws CertificateException {
        chain.checkClientTrusted(presented, authType);
        Date now = new Date();
        for (X509Certificate c : withAnchor(presented)) {
            X509CRL crl = crlOf(c);
            if (crl == null) {
                throw new CertificateException("unable to get certificate CRL");
            }
            if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
                throw new CertificateException("CRL has expired");
            }
            if (crl.isRevoked(c)) {
                throw new CertificateException("certificate revoked");
            }
        }
    }

    /** The presented chain, ended by the ca-file's certificate that issued its last one, if not in it. */
    private List<X509Certificate> withAnchor(X509Certificate[] presented) {
        List<X509Certificate> all = new java.util.ArrayList<>(List.of(presented));
        X509Certificate last = presented[presented.length - 1];
        if (!last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            for (X509Certificate ca : cas) {
                if (ca.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                    all.add(ca);
                    break;
                }
            }
        }
        return all;
    }

    /** The CRL of {@code c}'s issuer whose signature that issuer made, or null. */
    private X509CRL crlOf(X509Certificate c) {
        for (X509CRL crl : crls) {
            if (!crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
                continue;
            }
            for (X509Certificate ca : cas) {
                if (ca.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                    try {
                        crl.verify(ca.getPublicKey());
                        return crl;
                    } catch (GeneralSecurityException e) {
                        // another key of the same name: try the next
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a listener's trust manager verifies clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}
