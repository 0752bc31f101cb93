package io.ganglion.balancer.tls;

import java.util.List;
import java.util.Set;

/**
 * What a {@code bind} line sets on its SSL contexts beyond certificates and versions, as written
 * (null: the library's default): {@code ciphers} (TLS 1.2 and older, OpenSSL's cipher-string
 * syntax, which BoringSSL reads), {@code curves} (key-exchange groups, colon-separated),
 * {@code ciphersuites} (TLS 1.3), {@code no-tls-tickets} and {@code prefer-client-ciphers} (HAProxy,
 * like BoringSSL here, otherwise picks by the server's order).
 *
 * <p>BoringSSL's TLS 1.3 suites cannot be chosen: it always offers
 * {@link #BORINGSSL_TLS13_SUITES}. A {@code ciphersuites} list that names all of them asks for
 * what BoringSSL does and is accepted; one leaving any out cannot be honoured and is refused
 * ({@link BoringSslSettings#ciphersuitesProblem}), rather than silently allowing a suite the
 * operator removed.
 */
record TlsLibraryOptions(String ciphers, String curves, String ciphersuites, boolean noTickets,
        boolean preferClientCiphers) {
    static final TlsLibraryOptions DEFAULT = new TlsLibraryOptions(null, null, null, false, false);

    /** The TLS 1.3 suites BoringSSL always enables, by their IANA/OpenSSL names. */
    static final Set<String> BORINGSSL_TLS13_SUITES =
            Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** Every TLS 1.3 suite name OpenSSL knows (what HAProxy's {@code ciphersuites} may list). */
    static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    TlsLibraryOptions withCiphers(String list) {
        return new TlsLibraryOptions(list, curves, ciphersuites, noTickets, preferClientCiphers);
    }

    TlsLibraryOptions withCurves(String list) {
        return new TlsLibraryOptions(ciphers, list, ciphersuites, noTickets, preferClientCiphers);
    }

    TlsLibraryOptions withCiphersuites(String list) {
        return new TlsLibraryOptions(ciphers, curves, list, noTickets, preferClientCiphers);
    }

    TlsLibraryOptions withNoTickets() {
        return new TlsLibraryOptions(ciphers, curves, ciphersuites, true, preferClientCiphers);
    }

    TlsLibraryOptions withPreferClientCiphers() {
        return new TlsLibraryOptions(ciphers, curves, ciphersuites, noTickets, true);
    }

    /** The curve names of {@link #curves}, split at {@code :} as OpenSSL's curves list. */
    List<String> curveNames() {
        return curves == null ? List.of() : List.of(curves.split(":"));
    }
}
