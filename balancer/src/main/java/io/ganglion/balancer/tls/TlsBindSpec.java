package io.ganglion.balancer.tls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS options of one {@code bind} line, as read (immutable; each option gives a new one).
 *
 * @param ssl          the {@code ssl} flag: without it the line's certificates are loaded but unused (HAProxy)
 * @param certificates the {@code crt} files, in line order: the first is the default when SNI picks none
 * @param ticketKeys   the {@code tls-ticket-keys} file, or null (the library's own random keys)
 * @param versions     {@code ssl-min-ver}/{@code ssl-max-ver}
 * @param strictSni    {@code strict-sni}: a handshake whose SNI matches no certificate is refused
 * @param alpn         {@code alpn}: the protocols offered, in order (empty: no ALPN)
 * @param caFile       {@code ca-file}: its path, or null
 * @param clientCas    the certificates of {@code ca-file}
 * @param verify       {@code verify}: none, optional or required; null when not written
 * @param library      {@code ciphers}, {@code curves}, {@code ciphersuites}, {@code no-tls-tickets}
 * @param crlFile      {@code crl-file}, or null
 * @param crtLists     the {@code crt-list} files and {@code crt DIR} directories, whose certificates are
 *                     also in {@code certificates}
 */
public record TlsBindSpec(boolean ssl, List<CertificateFile> certificates, TicketKeyFile ticketKeys, TlsVersions versions,
        boolean strictSni, List<String> alpn, String caFile, List<X509Certificate> clientCas, String verify,
        TlsLibraryOptions library, CrlFile crlFile, List<CrtList> crtLists) {
    static final TlsBindSpec NONE = new TlsBindSpec(false, List.of(), null, TlsVersions.DEFAULT, false, List.of(), null,
            List.of(), null, TlsLibraryOptions.DEFAULT, null, List.of());

    public TlsBindSpec {
        certificates = List.copyOf(certificates);
        alpn = List.copyOf(alpn);
        clientCas = List.copyOf(clientCas);
        crtLists = List.copyOf(crtLists);
    }

    TlsBindSpec withSsl() {
        return new TlsBindSpec(true, certificates, ticketKeys, versions, strictSni, alpn, caFile, clientCas, verify, library, crlFile, crtLists);
    }

    TlsBindSpec withCertificates(List<CertificateFile> files) {
        List<CertificateFile> all = new ArrayList<>(certificates);
        all.addAll(files);
        return new TlsBindSpec(ssl, all, ticketKeys, versions, strictSni, alpn, caFile, clientCas, verify, library, crlFile, crtLists);
    }

    TlsBindSpec withTicketKeys(TicketKeyFile file) {
        return new TlsBindSpec(ssl, certificates, file, versions, strictSni, alpn, caFile, clientCas, verify, library, crlFile, crtLists);
    }

    TlsBindSpec withVersions(TlsVersions v) {
        return new TlsBindSpec(ssl, certificates, ticketKeys, v, strictSni, alpn, caFile, clientCas, verify, library, crlFile, crtLists);
    }

    TlsBindSpec withStrictSni() {
        return new TlsBindSpec(ssl, certificates, ticketKeys, versions, true, alpn, caFile, clientCas, verify, library, crlFile, crtLists);
    }

    TlsBindSpec withAlpn(List<String> protocols) {
        return new TlsBindSpec(ssl, certificates, ticketKeys, versions, strictSni, protocols, caFile, clientCas, verify, library, crlFile, crtLists);
    }

    TlsBindSpec withCaFile(String path, List<X509Certificate> cas) {
        return new TlsBindSpec(ssl, certificates, ticketKeys, versions, strictSni, alpn, path, cas, verify, library, crlFile, crtLists);
    }

    TlsBindSpec withVerify(String mode) {
        return new TlsBindSpec(ssl, certificates, ticketKeys, versions, strictSni, alpn, caFile, clientCas, mode, library, crlFile, crtLists);
    }

    TlsBindSpec withLibrary(TlsLibraryOptions options) {
        return new TlsBindSpec(ssl, certificates, ticketKeys, versions, strictSni, alpn, caFile, clientCas, verify,
                options, crlFile, crtLists);
    }

    TlsBindSpec withCrlFile(CrlFile file) {
        return new TlsBindSpec(ssl, certificates, ticketKeys, versions, strictSni, alpn, caFile, clientCas, verify,
                library, file, crtLists);
    }

    TlsBindSpec withCrtList(CrtList list) {
        List<CrtList> all = new ArrayList<>(crtLists);
        all.add(list);
        return new TlsBindSpec(ssl, certificates, ticketKeys, versions, strictSni, alpn, caFile, clientCas, verify,
                library, crlFile, all).withCertificates(list.lines().stream().map(CrtListLine::file).toList());
    }

    /** The crt-list that brought {@code file} (the same object), or null for a plain {@code crt FILE}. */
    CrtList crtListOf(CertificateFile file) {
        for (CrtList l : crtLists) {
            for (CrtListLine line : l.lines()) {
                if (line.file() == file) {
                    return l;
                }
            }
        }
        return null;
    }

    /** The verify mode in force: HAProxy's default is none. */
    String verifyMode() {
        return verify == null ? "none" : verify;
    }
}
