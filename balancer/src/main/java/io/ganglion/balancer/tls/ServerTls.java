package io.ganglion.balancer.tls;

import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.rules.SampleExpression;
import io.ganglion.balancer.stats.SslProcessFigures;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The TLS settings of one server line ({@code ssl}, {@code verify}, {@code ca-file}, {@code sni},
 * {@code alpn}, {@code crt}, {@code no-ssl-reuse}, {@code check-ssl}), and the client handshake
 * they put under the server's connections. Immutable; the library context of a distinct setting
 * is made once and shared ({@link ServerTlsContexts}).
 *
 * <p>As HAProxy 2.6: no SNI is sent without {@code sni}; with {@code verify required} (the default)
 * the chain must lead to {@code ca-file}, and the certificate must name the SNI when one is sent;
 * TLS sessions are resumed per server name and address unless {@code no-ssl-reuse}.
 *
 * @param sniText the {@code sni} expression as written (null: none), {@code sni} compiled from it
 * @param verify  "none", "required", or null for the default (required)
 */
record ServerTls(boolean ssl, String verify, String caFile, String sniText, SampleExpression sni, List<String> alpn,
        String crt, boolean noSslReuse, boolean checkSsl) implements ServerConnectionLayer {
    /** No option given: plain connections, plain checks. */
    static final ServerTls OFF = new ServerTls(false, null, null, null, null, List.of(), null, false, false);

    /** The handshake's limit when the backend has no {@code timeout connect}. */
    private static final int DEFAULT_HANDSHAKE_MILLIS = 10_000;

    ServerTls {
        alpn = List.copyOf(alpn);
    }

    boolean verifyRequired() {
        return !"none".equals(verify);
    }

    /** What selects the library context: the settings that change the handshake, not the SNI or the session reuse. */
    ServerTlsContexts.Key contextKey() {
        return new ServerTlsContexts.Key(verifyRequired(), caFile, crt, alpn);
    }

    @Override
    public String nameFor(Stream stream, Object message) {
        if (!ssl || sni == null) {
            return null;
        }
        String name = sni.render(stream, message);
        return name == null || name.isEmpty() ? null : name;
    }

    @Override
    public Future<Channel> install(Channel server, InetSocketAddress target, String name, long withinMillis,
            SslProcessFigures figures) {
        if (!ssl) {
            return null;
        }
        SSLEngine engine = engine(server, target, name);
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(withinMillis > 0 ? withinMillis : DEFAULT_HANDSHAKE_MILLIS);
        server.pipeline().addLast(handler, new ServerHandshake(figures));
        return handler.handshakeFuture();
    }

    private SSLEngine engine(Channel server, InetSocketAddress target, String name) {
        io.netty.handler.ssl.SslContext context = ServerTlsContexts.get(contextKey());
        // The library resumes sessions per peer host and port: the SNI when there is one, else the address
        // (an IP literal, which it never sends as SNI, as HAProxy sends none without 'sni').
        String peer = name != null ? name : target.getAddress().getHostAddress();
        SSLEngine engine = noSslReuse ? context.newEngine(server.alloc())
                : context.newEngine(server.alloc(), peer, target.getPort());
        SSLParameters params = engine.getSSLParameters();
        if (name != null) {
            try {
                params.setServerNames(List.of(new SNIHostName(name)));
            } catch (IllegalArgumentException e) {
                // not a host name (HAProxy would send it as is): no SNI rather than a failed connection
            }
            if (verifyRequired()) {
                // HAProxy 2.6 checks the certificate's names against the SNI when it sends one
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
        }
        engine.setSSLParameters(params);
        return engine;
    }

    @Override
    public ServerConnectionLayer forChecks(boolean checkElsewhere) {
        if (checkSsl || (ssl && !checkElsewhere)) {
            // checks send no SNI ('check-sni' is HAProxy's option for that, not this one)
            return new ServerTls(true, verify, caFile, null, null, alpn, crt, noSslReuse, false);
        }
        return ServerConnectionLayer.NONE;
    }

    /**
     * Not when the certificate does not name the SNI: HAProxy 2.6 gives up at once then (no
     * {@code wretr}, measured), as another attempt would get the same certificate.
     */
    @Override
    public boolean worthRetrying(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException && t.getMessage() != null
                    && (t.getMessage().startsWith("No subject alternative") || t.getMessage().startsWith("No name matching"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        // the compiled expression has no equality of its own: its text stands for it
        return o instanceof ServerTls t && ssl == t.ssl && noSslReuse == t.noSslReuse && checkSsl == t.checkSsl
                && Objects.equals(verify, t.verify) && Objects.equals(caFile, t.caFile)
                && Objects.equals(sniText, t.sniText) && alpn.equals(t.alpn) && Objects.equals(crt, t.crt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ssl, verify, caFile, sniText, alpn, crt, noSslReuse, checkSsl);
    }
}
