package io.ganglion.balancer.tls;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The OCSP responses the balancer staples, one per certificate id (HAProxy's {@code cert_ocsp_tree}):
 * filled while the configuration loads, from each {@code crt FILE} that has a {@code FILE.ocsp},
 * and replaced at run time by {@code set ssl ocsp-response}. Readers (the handshakes, {@code show})
 * take the current immutable map through a volatile read and never lock; changes are made on the
 * control loop, one at a time, each publishing a new map.
 */
public final class OcspResponses {

    private volatile Map<OcspCertId, OcspResponse> current = Map.of();

    /** Files {@code response} under its certificate id, replacing any earlier one. */
    public synchronized void put(OcspResponse response) {
        TreeMap<OcspCertId, OcspResponse> next = new TreeMap<>(current);
        next.put(response.certId(), response);
        current = Collections.unmodifiableMap(next);
    }

    /**
     * Replaces the response of a certificate already known, as {@code set ssl ocsp-response} does.
     *
     * @throws OcspException in HAProxy's words when no loaded certificate has the response's id
     */
    public synchronized void replace(OcspResponse response) throws OcspException {
        if (!current.containsKey(response.certId())) {
            throw new OcspException("OCSP single response: Certificate ID does not match any certificate or issuer");
        }
        put(response);
    }

    /** The response to staple for a certificate, if one was loaded or set. */
    public Optional<OcspResponse> of(OcspCertId id) {
        return Optional.ofNullable(current.get(id));
    }

    /** Every response, in HAProxy's order (the ids' bytes). */
    public Collection<OcspResponse> all() {
        return current.values();
    }
}
