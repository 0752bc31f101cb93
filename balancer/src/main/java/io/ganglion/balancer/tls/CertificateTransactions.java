package io.ganglion.balancer.tls;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the certificate commands keep beside the {@link CertificateStore}: the entries made at run
 * time by {@code new ssl cert} (empty, or committed but used by no {@code bind} line: HAProxy's
 * "Empty" and "Unused") and the one transaction HAProxy 2.6 allows at a time. Changed only on the
 * control loop; the maps are immutable and published through volatile fields, so {@code show}
 * reads them anywhere.
 */
final class CertificateTransactions {

    private volatile Map<String, PendingCertificate> created = Map.of();
    private volatile PendingCertificate transaction;

    Map<String, PendingCertificate> created() {
        return created;
    }

    Optional<PendingCertificate> transaction() {
        return Optional.ofNullable(transaction);
    }

    void create(PendingCertificate entry) {
        Map<String, PendingCertificate> next = new TreeMap<>(created);
        next.put(entry.path(), entry);
        created = Collections.unmodifiableMap(next);
    }

    void delete(String path) {
        Map<String, PendingCertificate> next = new TreeMap<>(created);
        next.remove(path);
        created = Collections.unmodifiableMap(next);
    }

    void begin(PendingCertificate pending) {
        transaction = pending;
    }

    void end() {
        transaction = null;
    }
}
