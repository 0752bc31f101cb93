package io.ganglion.balancer.tls;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code ssl-min-ver} and {@code ssl-max-ver} of a bind line, by HAProxy's names. HAProxy 2.6's
 * default range is TLSv1.2 to TLSv1.3. BoringSSL has no SSLv3: a range that keeps nothing else
 * leaves no version, refused as HAProxy refuses an empty range.
 *
 * @param min index in {@link #NAMES}
 * @param max index in {@link #NAMES}
 */
record TlsVersions(int min, int max) {
    static final List<String> NAMES = List.of("SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    /** The JDK/netty names of the same versions. */
    private static final List<String> PROTOCOLS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    static final TlsVersions DEFAULT = new TlsVersions(3, 4);

    /** The index of HAProxy's version name, or -1. */
    static int index(String name) {
        return NAMES.indexOf(name);
    }

    TlsVersions withMin(int v) {
        return new TlsVersions(v, max);
    }

    TlsVersions withMax(int v) {
        return new TlsVersions(min, v);
    }

    /** The protocols to enable, as netty names them; empty when the range keeps none BoringSSL has. */
    String[] protocols() {
        List<String> out = new ArrayList<>();
        for (int i = Math.max(min, 1); i <= max; i++) {
            out.add(PROTOCOLS.get(i));
        }
        return out.toArray(String[]::new);
    }
}
