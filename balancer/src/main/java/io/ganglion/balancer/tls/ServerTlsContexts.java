package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.KeywordException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * One client {@link SslContext} (BoringSSL, as the listeners') per distinct server TLS setting,
 * made when the first server line with it is read and shared by every server and connection with
 * the same setting: a context holds the trusted CAs, the client certificate and the TLS session
 * cache, which all those connections share.
 */
final class ServerTlsContexts {
    /** What distinguishes two contexts. */
    record Key(boolean verifyRequired, String caFile, String crt, List<String> alpn) {
    }

    private static final Map<Key, SslContext> CONTEXTS = new ConcurrentHashMap<>();

    private ServerTlsContexts() {
    }

    /** The context of {@code key}, made on first use (its files were read when the line was). */
    static SslContext get(Key key) {
        return CONTEXTS.computeIfAbsent(key, k -> {
            try {
                return build(k);
            } catch (KeywordException | SSLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /** Makes (or finds) the context now, so that a bad file is refused at the line that names it. */
    static void prepare(Key key) throws KeywordException {
        try {
            get(key);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof KeywordException k) {
                throw k;
            }
            throw new KeywordException(e.getMessage());
        }
    }

    private static SslContext build(Key key) throws KeywordException, SSLException {
        // netty 4.2 checks the peer host's name by default; HAProxy 2.6 checks the name only against
        // the SNI it sends, so each engine turns it on when there is one (ServerTls). Reference-counted
        // as the listeners' contexts (TlsListener): no finalizable engine per connection, SslHandler
        // releases it when the connection ends; the contexts themselves live as long as the process.
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL_REFCNT)
                .endpointIdentificationAlgorithm(null);
        if (!key.verifyRequired()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (key.caFile() != null) {
            builder.trustManager(CaFile.load(key.caFile()));
        }
        if (key.crt() != null) {
            CertificateFile file = CertificateFile.load(key.crt());
            builder.keyManager(file.key(), file.certificates());
        }
        if (!key.alpn().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, key.alpn()));
        }
        return builder.build();
    }
}
