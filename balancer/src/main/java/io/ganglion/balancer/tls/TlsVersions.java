package io.ganglion.balancer.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * The TLS versions of a bind line, by HAProxy's names: {@code ssl-min-ver}/{@code ssl-max-ver}
 * ({@code force-*} sets both), or {@code no-sslv3}/{@code no-tlsv1x} flags. HAProxy 2.6's
 * default range is TLSv1.2 to TLSv1.3; the {@code no-*} flags take versions out of it, and are
 * ignored (with HAProxy's warning) once a line writes a minimum or maximum. BoringSSL has no
 * SSLv3: a range that keeps nothing else leaves no version, refused as HAProxy refuses an empty range.
 *
 * @param min      index in {@link #NAMES}
 * @param max      index in {@link #NAMES}
 * @param ranged   a minimum or maximum was written: the {@code no-*} flags are ignored
 * @param disabled the {@code no-*} flags, a bit per index in {@link #NAMES}
 */
record TlsVersions(int min, int max, boolean ranged, int disabled) {
    static final List<String> NAMES = List.of("SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** HAProxy's {@code no-*} and {@code force-*} keyword suffixes, by index in {@link #NAMES}. */
    static final List<String> FLAG_NAMES = List.of("sslv3", "tlsv10", "tlsv11", "tlsv12", "tlsv13");
    /** The JDK/netty names of the same versions. */
    private static final List<String> PROTOCOLS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    static final TlsVersions DEFAULT = new TlsVersions(3, 4, false, 0);

    /** The index of HAProxy's version name, or -1. */
    static int index(String name) {
        return NAMES.indexOf(name);
    }

    TlsVersions withMin(int v) {
        return new TlsVersions(v, max, true, disabled);
    }

    TlsVersions withMax(int v) {
        return new TlsVersions(min, v, true, disabled);
    }

    TlsVersions without(int v) {
        return new TlsVersions(min, max, ranged, disabled | 1 << v);
    }

    /** HAProxy's case for its warning: {@code no-*} flags written beside a minimum or maximum. */
    boolean flagsIgnored() {
        return ranged && disabled != 0;
    }

    /** The protocols to enable, as netty names them; empty when the range keeps none BoringSSL has. */
    String[] protocols() {
        List<String> out = new ArrayList<>();
        for (int i = Math.max(min, 1); i <= max; i++) {
            if (ranged || (disabled & 1 << i) == 0) {
                out.add(PROTOCOLS.get(i));
            }
        }
        return out.toArray(String[]::new);
    }

    boolean tls13() {
        return List.of(protocols()).contains("TLSv1.3");
    }
}
