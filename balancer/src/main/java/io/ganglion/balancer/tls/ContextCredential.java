package io.ganglion.balancer.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.internal.tcnative.Buffer;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import io.netty.internal.tcnative.SSLCredential;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLException;

/**
 * Puts a certificate file's key, chain and OCSP staple on a server context once, as a BoringSSL
 * credential, in place of the certificate callback netty installs.
 *
 * <p>Why: netty's BoringSSL server contexts choose the key at every handshake, resumed ones too, through
 * a certificate callback: BoringSSL stops the handshake, netty runs a delegated task that looks the
 * engine up, asks the library for the authentication methods, sets the key and chain on the connection
 * and runs the handshake again (about 4% of the balancer's CPU per resumed handshake, perf, 2026-12-03).
 * A context holds one certificate file here (SNI picks a context, not a key), so there is nothing to
 * choose per handshake: the library picks the context's one credential by itself, as OpenSSL does with
 * the key HAProxy sets on its {@code SSL_CTX}. The staple is the credential's too, which is what
 * BoringSSL sends when a credential is selected (a staple set on each engine would go to the unused
 * per-connection key slot).
 *
 * <p>An RSA file whose signatures the system's OpenSSL 3 makes ({@link SystemRsaKey}) is the exception:
 * its context gets a private-key method instead, and each connection its chain and staple
 * ({@link KeyOnEngine}), since tcnative offers no private-key method on a credential.
 */
final class ContextCredential {
    private ContextCredential() {
    }

    /**
     * Gives {@code context} the file's credential (or, for an RSA key the system's library holds, its
     * private-key method) and removes netty's certificate callback. The context takes its own
     * references to the credential, key and chain: the ones made here are freed at once.
     */
    static void install(SslContext context, CertificateFile file) throws SSLException {
        SystemRsaKey systemKey = SystemRsaKey.of(file.key());
        if (systemKey != null) {
            installSigningElsewhere(context, file, systemKey);
            return;
        }
        long ctx = BoringSslSettings.tcnativeContext(context);
        long credential = 0;
        long key = 0;
        long chain = 0;
        try {
            credential = SSLCredential.newX509();
            key = parsed(pem("PRIVATE KEY", file.key().getEncoded()), true);
            chain = parsed(chainPem(file.certificates()), false);
            SSLCredential.setPrivateKey(credential, key);
            SSLCredential.setCertChain(credential, chain);
            byte[] staple = file.ocspResponse();
            if (staple != null) {
                SSLCredential.setOcspResponse(credential, staple);
            }
            SSLContext.addCredential(ctx, credential);
            SSLContext.setCertificateCallback(ctx, null);
        } catch (Exception e) {
            throw new SSLException("key material of " + file.path() + ": " + e.getMessage(), e);
        } finally {
            if (chain != 0) {
                SSL.freeX509Chain(chain);
            }
            if (key != 0) {
                SSL.freePrivateKey(key);
            }
            if (credential != 0) {
                freeCredential(credential);
            }
        }
    }

    /**
     * The private-key method on the context, and netty's certificate callback off. A credential as
     * above would hold the key itself and BoringSSL would sign with it; tcnative sets a private-key
     * method on the context only, and a chain for it on each connection ({@link KeyOnEngine}).
     */
    static void installSigningElsewhere(SslContext context, CertificateFile file, SystemRsaKey key)
            throws SSLException {
        long ctx = BoringSslSettings.tcnativeContext(context);
        try {
            SSLContext.setPrivateKeyMethod(ctx, key);
            SSLContext.setCertificateCallback(ctx, null);
        } catch (RuntimeException e) {
            throw new SSLException("key material of " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private static void freeCredential(long credential) {
        try {
            SSLCredential.free(credential);
        } catch (Exception e) {
            // tcnative declares it; the native free of a valid pointer does not fail
            throw new IllegalStateException("BoringSSL credential: " + e.getMessage(), e);
        }
    }

    /** The library's object for a PEM text: a private key, or a certificate chain. */
    static long parsed(String pem, boolean privateKey) throws Exception {
        long bio = bio(pem);
        try {
            return privateKey ? SSL.parsePrivateKey(bio, null) : SSL.parseX509Chain(bio);
        } finally {
            SSL.freeBIO(bio);
        }
    }

    /** A memory BIO of the library's holding a PEM text; the caller frees it. */
    private static long bio(String pem) throws Exception {
        byte[] bytes = pem.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
        direct.put(bytes).flip();
        long bio = SSL.newMemBIO();
        if (SSL.bioWrite(bio, Buffer.address(direct), bytes.length) != bytes.length) {
            SSL.freeBIO(bio);
            throw new SSLException("the TLS library took part of the PEM only");
        }
        return bio;
    }

    static String chainPem(X509Certificate[] certificates) throws CertificateEncodingException {
        StringBuilder all = new StringBuilder();
        for (X509Certificate c : certificates) {
            all.append(pem("CERTIFICATE", c.getEncoded()));
        }
        return all.toString();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
