package io.ganglion.balancer.tls;

import io.ganglion.balancer.proxy.BoundListener;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.stats.SslProcessFigures;
import io.netty.channel.Channel;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * What the tls package keeps for one running balancer: the certificate store, the ticket key
 * references and the TLS listeners. Listeners are added before anything is bound; after that the
 * map is only read, by the event loops as connections are accepted.
 */
public final class TlsState {
    private final CertificateStore certificates = new CertificateStore();
    private final TicketKeyRefs ticketKeys = new TicketKeyRefs();
    private volatile Map<BoundListener, TlsListener> listeners = Map.of();

    TlsState() {
        certificates.subscribe(this::certificateReplaced);
    }

    /** The loaded certificate files, by path: {@link CertificateStore#replace} serves a new one. */
    public CertificateStore certificates() {
        return certificates;
    }

    TicketKeyRefs ticketKeys() {
        return ticketKeys;
    }

    synchronized void addListener(BoundListener bound, TlsBindSpec spec) {
        TicketKeyRefs.Ref ref = spec.ticketKeys() == null ? null : ticketKeys.of(spec.ticketKeys());
        TlsListener listener;
        try {
            listener = new TlsListener(bound.bind(), spec, certificates, ref == null ? null : ref.ring());
        } catch (SSLException e) {
            throw new IllegalStateException("TLS context for " + bound.bind().text() + ": " + e.getMessage(), e);
        }
        if (ref != null) {
            ticketKeys.attach(ref, listener);
        }
        Map<BoundListener, TlsListener> next = new IdentityHashMap<>(listeners);
        next.put(bound, listener);
        listeners = next;
    }

    /**
     * The connection layer: the handshake first on connections of an {@code ssl} listener, which
     * count as TLS connections from now to their close (HAProxy's {@code CurrSslConns}).
     */
    void install(Frontend frontend, BoundListener bound, Channel client, SslProcessFigures process, Runnable startSession) {
        TlsListener l = listeners.get(bound);
        if (l == null) {
            startSession.run();
            return;
        }
        Duration timeout = frontend.config().timeouts().client();
        process.connectionOpened();
        client.closeFuture().addListener(f -> process.connectionClosed());
        l.install(client, timeout == null ? 0 : timeout.toMillis(),
                new HandshakeCounting(frontend.sslCounters(), process, startSession));
    }

    private void certificateReplaced(CertificateFile file) {
        for (TlsListener l : listeners.values()) {
            try {
                l.certificateReplaced(file);
            } catch (SSLException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
