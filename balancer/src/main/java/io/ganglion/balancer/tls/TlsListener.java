package io.ganglion.balancer.tls;

import io.ganglion.balancer.config.BindSpec;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * TLS on one {@code bind ... ssl} address: the SSL contexts of its certificates (BoringSSL through
 * netty-tcnative), the SNI table that picks one per handshake, and the ticket keys they share.
 *
 * <p>Run-time changes, made on the control side, rebuild and publish a new {@link SniTable} through
 * a volatile field; a handshake reads the table once, when the ClientHello arrives, and keeps it:
 * <ul>
 *   <li>a certificate replaced in the {@link CertificateStore} ({@code commit ssl cert}, {@code set ssl
 *       ocsp-response}) reaches {@link #certificateReplaced}, which rebuilds the context of that file
 *       only;</li>
 *   <li>a rotated ticket key ring ({@code set ssl tls-key}) reaches {@link #ticketKeysChanged}, which
 *       sets the new keys on every context of the listener (the contexts stay).</li>
 * </ul>
 * A context's key, chain and OCSP staple are set on it once ({@link ContextCredential}), not per
 * handshake; a context whose RSA signatures the system's OpenSSL makes gives each connection its
 * chain and staple instead ({@link KeyOnEngine}). A line of one certificate without
 * {@code strict-sni} gets its {@link SslHandler} at once, others a {@link SniHandler} that picks.
 */
final class TlsListener {
    private final BindSpec bind;
    private final TlsBindSpec spec;
    private volatile SniTable table;
    private volatile TicketKeyRing ring;

    TlsListener(BindSpec bind, TlsBindSpec spec, CertificateStore store, TicketKeyRing ring) throws SSLException {
        this.bind = bind;
        this.spec = spec;
        this.ring = ring;
        List<SniTable.Entry> entries = new ArrayList<>();
        for (CertificateFile f : spec.certificates()) {
            CertificateFile current = store.addLoaded(OcspStaple.vetted(f, Clock.systemUTC()));
            CrtList list = spec.crtListOf(f);
            CrtListLine line = list == null ? null
                    : list.lines().stream().filter(l -> l.file() == f).findFirst().orElseThrow();
            TlsBindSpec used = line == null ? spec : withLine(line);
            entries.add(new SniTable.Entry(current, context(current, used), KeyOnEngine.of(current), list == null ? null : list.path(),
                    line, used));
        }
        this.table = SniTable.of(entries);
    }

    BindSpec bind() {
        return bind;
    }

    TlsBindSpec spec() {
        return spec;
    }

    /** The SNI table handshakes use now. */
    SniTable table() {
        return table;
    }

    /**
     * Puts the TLS handlers on an accepted connection, and {@code after} behind them (the
     * handshake's counting); {@code handshakeMillis} bounds the handshake.
     */
    void install(Channel client, long handshakeMillis, ChannelHandler after) {
        SniTable now = table;
        ChannelHandler tls;
        if (now.contexts().size() == 1 && !spec.strictSni()) {
            // one certificate and no strict-sni: every name gets it, so there is nothing to choose and
            // no ClientHello to parse in Java first (netty's SniHandler); the engine reports the name
            tls = newEngineHandler(now.contexts().get(0), client.alloc(), handshakeMillis);
        } else {
            tls = new SniHandler((String name) -> {
                if (spec.strictSni()) {
                    SniTable.Entry e = now.match(name);
                    if (e == null) {
                        // strict-sni: no certificate for this name, the handshake is refused
                        throw new IllegalArgumentException("strict-sni: no certificate for " + name);
                    }
                    return e.context();
                }
                return now.select(name).context();
            }, handshakeMillis) {
                @Override
                protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                    return newEngineHandler(now.entryOf(context), allocator, handshakeMillis);
                }
            };
        }
        client.pipeline().addLast(tls, PeerResetClose.INSTANCE, after);
    }

    private static SslHandler newEngineHandler(SniTable.Entry entry, ByteBufAllocator allocator, long handshakeMillis) {
        SslHandler handler = entry.context().newHandler(allocator);
        handler.setHandshakeTimeoutMillis(handshakeMillis);
        BoringSslSettings.applyToEngine(handler, entry.spec().library());
        if (entry.keyOnEngine() != null) {
            entry.keyOnEngine().apply(handler.engine());
        }
        return handler;
    }

    /** Control side: a certificate file was replaced in the store. */
    void certificateReplaced(CertificateFile file) throws SSLException {
        List<SniTable.Entry> entries = new ArrayList<>();
        boolean mine = false;
        for (SniTable.Entry e : table.contexts()) {
            if (e.file().path().equals(file.path())) {
                entries.add(e.withContext(file, context(file, e.spec())));
                mine = true;
            } else {
                entries.add(e);
            }
        }
        if (mine) {
            publish(SniTable.of(entries));
        }
    }

    /**
     * Control side: a crt-list changed ({@code add/del ssl crt-list}). Its certificates take the
     * place of the old ones in the table; lines that stayed keep their contexts.
     */
    void crtListChanged(CrtList next) throws SSLException {
        List<SniTable.Entry> entries = new ArrayList<>();
        boolean mine = false;
        for (SniTable.Entry e : table.contexts()) {
            if (!next.path().equals(e.list())) {
                entries.add(e);
            } else if (!mine) {
                mine = true;
                for (CrtListLine line : next.lines()) {
                    entries.add(entryFor(next.path(), line));
                }
            }
        }
        if (mine) {
            publish(SniTable.of(entries));
        }
    }

    /**
     * Serves {@code next} from now on and releases the contexts it no longer holds: contexts are
     * reference-counted (no finalizer per engine, see {@link #context}), and each engine holds its
     * own reference, so a connection still using a replaced context keeps it until it closes. The
     * contexts in use when the balancer stops are left to the process's exit: a connection the
     * kernel had already accepted may still be handed one while the balancer stops.
     */
    private void publish(SniTable next) {
        SniTable before = table;
        table = next;
        for (SniTable.Entry e : before.contexts()) {
            if (next.entryOf(e.context()) == null) {
                ReferenceCountUtil.release(e.context());
            }
        }
    }

    private SniTable.Entry entryFor(String list, CrtListLine line) throws SSLException {
        for (SniTable.Entry e : table.contexts()) {
            if (list.equals(e.list()) && sameLine(e.line(), line)) {
                return e;
            }
        }
        TlsBindSpec used = withLine(line);
        return new SniTable.Entry(line.file(), context(line.file(), used), KeyOnEngine.of(line.file()), list, line, used);
    }

    /** True when the table's default certificate (its first) comes from {@code list}'s {@code line}. */
    boolean defaultIs(String list, CrtListLine line) {
        SniTable.Entry first = table.contexts().get(0);
        return list.equals(first.list()) && sameLine(first.line(), line);
    }

    /** The same line of a list: each bind line naming a list reads it apart, so lines are told by number. */
    private static boolean sameLine(CrtListLine a, CrtListLine b) {
        return a.line() == b.line() && a.file().path().equals(b.file().path());
    }

    /** The ticket key reference this listener uses, or null. */
    String ticketKeysPath() {
        return spec.ticketKeys() == null ? null : spec.ticketKeys().path();
    }

    /** Control side: the listener's ticket key reference rotated. */
    void ticketKeysChanged(TicketKeyRing next) {
        this.ring = next;
        for (SniTable.Entry e : table.contexts()) {
            applyTicketKeys(e.context(), next);
        }
    }

    /** A crt-list line's options over the bind line's (checked when the list was read). */
    private TlsBindSpec withLine(CrtListLine line) throws SSLException {
        try {
            return line.applyTo(spec);
        } catch (io.ganglion.balancer.config.KeywordException e) {
            throw new SSLException(e.getMessage(), e);
        }
    }

    private SslContext context(CertificateFile file, TlsBindSpec spec) throws SSLException {
        // the key given here is netty's to choose per handshake; ContextCredential replaces that choice
        SslContextBuilder builder = SslContextBuilder.forServer(file.key(), file.certificates())
                // reference-counted: the plain OPENSSL provider makes every connection's engine a
                // finalizable object (registered under a lock when made, freed only after a GC and
                // the finalizer thread); SslHandler releases the engine when the connection ends
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .enableOcsp(true)
                .protocols(spec.versions().protocols());
        if (!spec.alpn().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, spec.alpn()));
        }
        if (!spec.clientCas().isEmpty() && !spec.verifyMode().equals("none")) {
            builder.trustManager(RevocationCheckingTrustManager.of(spec.clientCas(), spec.crlFile()))
                    .clientAuth(spec.verifyMode().equals("required") ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        SslContext context = builder.build();
        try {
            ContextCredential.install(context, file);
        } catch (SSLException e) {
            ReferenceCountUtil.release(context);
            throw e;
        }
        BoringSslSettings.apply(context, spec.library());
        applyTicketKeys(context, ring);
        return context;
    }

    private static void applyTicketKeys(SslContext context, TicketKeyRing ring) {
        if (ring != null && context.sessionContext() instanceof OpenSslSessionContext session) {
            session.setTicketKeys(ring.forLibrary());
        }
    }
}
