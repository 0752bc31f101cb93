package io.ganglion.balancer.tls;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What the {@code ssl_fc_*} and {@code ssl_c_*} fetches read of a client connection, taken once when
 * its handshake completes and kept on the channel: the rules then read plain fields.
 *
 * @param serverName   the SNI the client sent, or null
 * @param protocol     {@code TLSv1.2}, {@code TLSv1.3}
 * @param cipher       the cipher's name as the TLS library names it (OpenSSL-style, as HAProxy prints)
 * @param alpn         the negotiated ALPN protocol, or null
 * @param reused       true when the session was resumed (ticket)
 * @param clientCert   the client's certificate, or null when it sent none
 */
record TlsFacts(String serverName, String protocol, String cipher, String alpn, boolean reused, X509Certificate clientCert) {
    private static final AttributeKey<TlsFacts> KEY = AttributeKey.valueOf(TlsFacts.class, "tls");

    /** The facts of {@code engine}'s completed handshake. */
    static TlsFacts of(SSLEngine engine, String serverName) {
        SSLSession session = engine.getSession();
        String cipher;
        boolean reused = false;
        String alpn = engine.getApplicationProtocol();
        long ssl = engine instanceof ReferenceCountedOpenSslEngine openSsl ? openSsl.sslPointer() : 0;
        if (ssl != 0) {
            // netty keeps the library's answers to itself: tcnative's SSL calls give the native cipher
            // name (HAProxy prints OpenSSL's names) and the resumption flag
            cipher = SSL.getCipherForSSL(ssl);
            reused = SSL.isSessionReused(ssl);
        } else {
            cipher = session.getCipherSuite();
        }
        X509Certificate client = null;
        // a listener without verify asks for no certificate: the session would answer with an
        // exception (made, stack trace and all, at every handshake)
        if (engine.getNeedClientAuth() || engine.getWantClientAuth()) {
            try {
                Certificate[] peer = session.getPeerCertificates();
                if (peer.length > 0 && peer[0] instanceof X509Certificate x) {
                    client = x;
                }
            } catch (SSLPeerUnverifiedException e) {
                // no client certificate
            }
        }
        return new TlsFacts(serverName, session.getProtocol(), cipher, alpn == null || alpn.isEmpty() ? null : alpn,
                reused, client);
    }

    /** The server name the client sent, as it sent it (HAProxy's {@code ssl_fc_sni}), or null. */
    static String requestedName(SSLEngine engine) {
        long ssl = engine instanceof ReferenceCountedOpenSslEngine openSsl ? openSsl.sslPointer() : 0;
        return ssl == 0 ? null : SSL.getSniHostname(ssl);
    }

    void attachTo(Channel ch) {
        ch.attr(KEY).set(this);
    }

    /** The facts of {@code ch}'s handshake, or null (no TLS, or not done yet). */
    static TlsFacts of(Channel ch) {
        return ch == null ? null : ch.attr(KEY).get();
    }
}
