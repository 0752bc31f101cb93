package io.ganglion.registry;

import java.util.Optional;

/**
 * Follows one service in one registry and hands out whole {@link ServiceSnapshot}s.
 *
 * <pre>{@code
 * ServiceWatcher watcher = ZooKeeperServiceWatcher.builder(curator, "/services/web").build();
 * watcher.addListener(snapshot -> desiredState.update(snapshot));
 * watcher.start();
 * ...
 * watcher.close();
 * }</pre>
 *
 * <p>Contract:
 * <ul>
 *   <li>Nothing is emitted until the first full load succeeded: {@link #current()} is empty while the
 *       registry has never answered, which is not the same as a FRESH snapshot with no endpoints.
 *   <li>After that, each snapshot is the whole set. When the registry becomes unreachable the last
 *       endpoints are re-emitted marked {@link ServiceSnapshot.Freshness#STALE}; when it answers
 *       again a FRESH snapshot follows.
 *   <li>Only changes are emitted (endpoints, freshness or the skipped count), coalesced: a listener
 *       may not see every intermediate state, only the newest.
 * </ul>
 * {@link #start()} may be called once; {@link #close()} is idempotent and stops all deliveries.
 */
public interface ServiceWatcher extends AutoCloseable {

    /** The service name that snapshots carry. */
    String service();

    /**
     * Adds a listener, before or after {@link #start()}. A listener added after the first snapshot
     * first receives the newest one, then every later change.
     */
    void addListener(SnapshotListener listener);

    /** Starts watching. @throws IllegalStateException if already started or closed */
    void start();

    /** The newest snapshot, or empty while the registry has never answered. */
    Optional<ServiceSnapshot> current();

    /** Stops watching and delivering; idempotent. */
    @Override
    void close();
}
