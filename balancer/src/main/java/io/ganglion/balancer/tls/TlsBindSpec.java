package io.ganglion.balancer.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * The TLS options of one {@code bind} line, as read (immutable; each option gives a new one).
 *
 * @param ssl          the {@code ssl} flag: without it the line's certificates are loaded but unused (HAProxy)
 * @param certificates the {@code crt} files, in line order: the first is the default when SNI picks none
 * @param ticketKeys   the {@code tls-ticket-keys} file, or null (the library's own random keys)
 */
public record TlsBindSpec(boolean ssl, List<CertificateFile> certificates, TicketKeyFile ticketKeys) {
    static final TlsBindSpec NONE = new TlsBindSpec(false, List.of(), null);

    public TlsBindSpec {
        certificates = List.copyOf(certificates);
    }

    TlsBindSpec withSsl() {
        return new TlsBindSpec(true, certificates, ticketKeys);
    }

    TlsBindSpec withCertificate(CertificateFile file) {
        List<CertificateFile> all = new ArrayList<>(certificates);
        all.add(file);
        return new TlsBindSpec(ssl, all, ticketKeys);
    }

    TlsBindSpec withTicketKeys(TicketKeyFile file) {
        return new TlsBindSpec(ssl, certificates, file);
    }
}
