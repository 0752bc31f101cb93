package io.ganglion.balancer.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * What a connection of a context whose key the system's library holds ({@link SystemRsaKey}) gets
 * before its handshake: the certificate chain, bound to the context's private-key method, and the
 * file's OCSP staple.
 *
 * <p>Why per connection: tcnative offers the private-key method on the context but sets a chain for
 * it only on a connection ({@code SSL_set_chain_and_key}); the chain is parsed once, here, and the
 * library takes its own references to it for each connection. The staple follows the chain (a staple
 * belongs to the credential it is served with). This costs a resumed handshake of an RSA listener a
 * few microseconds; a full one saves the hundreds that OpenSSL 3's RSA saves over BoringSSL's.
 */
final class KeyOnEngine {
    private final long chain;
    private final byte[] staple;

    private KeyOnEngine(long chain, byte[] staple) {
        this.chain = chain;
        this.staple = staple;
        NativeFrees.whenUnreachable(this, () -> SSL.freeX509Chain(chain));
    }

    /** The material for the file's connections, or null when its context holds a credential. */
    static KeyOnEngine of(CertificateFile file) throws SSLException {
        if (!SystemRsaKey.handles(file.key())) {
            return null;
        }
        try {
            return new KeyOnEngine(ContextCredential.parsed(ContextCredential.chainPem(file.certificates()), false),
                    file.ocspResponse());
        } catch (Exception e) {
            throw new SSLException("certificate chain of " + file.path() + ": " + e.getMessage(), e);
        }
    }

    /** Gives a new engine, before its handshake, the chain and the staple (a failure fails the connection). */
    void apply(SSLEngine engine) {
        ReferenceCountedOpenSslEngine openssl = (ReferenceCountedOpenSslEngine) engine;
        try {
            // no key: tcnative then signs through the context's private-key method
            SSL.setKeyMaterial(openssl.sslPointer(), chain, 0);
        } catch (Exception e) {
            throw new IllegalStateException("certificate chain on a connection: " + e.getMessage(), e);
        }
        if (staple != null) {
            openssl.setOcspResponse(staple);
        }
    }
}
