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
    /** The crt-lists by path, as they are now (a path named by several lines is one list, as in HAProxy). */
    private volatile Map<String, CrtList> crtLists = Map.of();

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
        Map<String, CrtList> lists = new java.util.TreeMap<>(crtLists);
        spec.crtLists().forEach(l -> lists.putIfAbsent(l.path(), l));
        crtLists = lists;
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

    /**
     * How many times bind lines serve the certificate at {@code path} now (HAProxy's certificate
     * instances: a line's {@code crt}, and each crt-list line naming it, those added at run time
     * included); the addresses of one bind line count once.
     */
    int instancesServing(String path) {
        java.util.Set<io.ganglion.balancer.config.BindSpec> seen =
                java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        int count = 0;
        for (TlsListener l : listeners.values()) {
            if (seen.add(l.bind())) {
                count += (int) l.table().contexts().stream().filter(e -> e.file().path().equals(path)).count();
            }
        }
        return count;
    }

    /** The crt-lists by path, in name order. */
    Map<String, CrtList> crtLists() {
        return crtLists;
    }

    /** Control side: serves {@code next} in place of the list of the same path on every listener. */
    synchronized void replaceCrtList(CrtList next) throws SSLException {
        Map<String, CrtList> lists = new java.util.TreeMap<>(crtLists);
        lists.put(next.path(), next);
        for (TlsListener l : listeners.values()) {
            l.crtListChanged(next);
        }
        crtLists = lists;
    }

    /** The bind lines ({@code file:line}) whose default certificate comes from {@code line}. */
    java.util.List<String> defaultUsers(String list, CrtListLine line) {
        java.util.List<String> users = new java.util.ArrayList<>();
        for (TlsListener l : listeners.values()) {
            if (l.defaultIs(list, line)) {
                users.add(l.bind().source().file() + ":" + l.bind().source().line());
            }
        }
        return users;
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
