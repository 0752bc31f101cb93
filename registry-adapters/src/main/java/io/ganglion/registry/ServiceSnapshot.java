package io.ganglion.registry;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a registry said about one service at one time: the whole endpoint set, never a delta.
 *
 * <p>A {@link Freshness#STALE} snapshot means the registry cannot be reached: its endpoints are the
 * last ones the registry answered, kept as they were. An empty endpoint list is therefore only ever
 * FRESH when the registry really answered "no instances"; an outage never looks like that.
 *
 * @param service        the service name
 * @param endpoints      sorted by id, ids unique
 * @param revision       the registry's revision of this answer: Consul's {@code X-Consul-Index};
 *                       for ZooKeeper the highest zxid seen for the service path and its children
 *                       (ZooKeeper has no per-path revision, so a pure deletion may not advance it:
 *                       compare snapshots with {@link #sameContentAs}, not by revision)
 * @param freshness      FRESH while the registry answers, STALE while it does not
 * @param skippedEntries registry entries left out of {@code endpoints} because they were malformed
 */
public record ServiceSnapshot(
        String service, List<Endpoint> endpoints, long revision, Freshness freshness, int skippedEntries) {

    /** Whether the registry vouches for the endpoints right now. */
    public enum Freshness {
        /** The registry answered; the endpoints are its answer. */
        FRESH,
        /** The registry is unreachable; the endpoints are its last answer. */
        STALE
    }

    public ServiceSnapshot {
        requireNonNull(service, "service");
        requireNonNull(freshness, "freshness");
        endpoints = endpoints.stream().sorted(Comparator.comparing(Endpoint::id)).toList();
        Set<String> ids = new HashSet<>();
        for (Endpoint endpoint : endpoints) {
            if (!ids.add(endpoint.id())) {
                throw new IllegalArgumentException("duplicate endpoint id " + endpoint.id() + " in service " + service);
            }
        }
        if (skippedEntries < 0) {
            throw new IllegalArgumentException("skippedEntries must be 0 or more, got " + skippedEntries);
        }
    }

    public boolean isFresh() {
        return freshness == Freshness.FRESH;
    }

    /** The same answer, marked as no longer vouched for. */
    public ServiceSnapshot asStale() {
        return freshness == Freshness.STALE
                ? this
                : new ServiceSnapshot(service, endpoints, revision, Freshness.STALE, skippedEntries);
    }

    /** Equal in everything a consumer acts on: endpoints, freshness and skipped count (not revision). */
    public boolean sameContentAs(ServiceSnapshot other) {
        return other != null
                && service.equals(other.service)
                && freshness == other.freshness
                && skippedEntries == other.skippedEntries
                && endpoints.equals(other.endpoints);
    }
}
