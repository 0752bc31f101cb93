package io.ganglion.agent.watch;

import java.util.List;
import java.util.Optional;

import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.SnapshotListener;

/**
 * A watcher whose snapshots keep only the endpoints that carry every one of {@code tags}. Consul's
 * health API filters on one tag per query, so a watch with several ({@code tags: [primary, v2]})
 * sends the first to Consul and leaves the rest to this filter. Freshness, revision and the skipped
 * count pass through unchanged: an instance left out for its tags is not a malformed entry.
 *
 * <p>Stateless besides the wrapped watcher: every call filters the snapshot it is given.
 */
public final class AllTagsWatcher implements ServiceWatcher {

    private final ServiceWatcher watcher;
    private final List<String> tags;

    public AllTagsWatcher(ServiceWatcher watcher, List<String> tags) {
        this.watcher = watcher;
        this.tags = List.copyOf(tags);
    }

    @Override
    public String service() {
        return watcher.service();
    }

    @Override
    public void addListener(SnapshotListener listener) {
        watcher.addListener(snapshot -> listener.onSnapshot(filter(snapshot)));
    }

    @Override
    public void start() {
        watcher.start();
    }

    @Override
    public Optional<ServiceSnapshot> current() {
        return watcher.current().map(this::filter);
    }

    @Override
    public void close() {
        watcher.close();
    }

    private ServiceSnapshot filter(ServiceSnapshot snapshot) {
        return new ServiceSnapshot(snapshot.service(),
                snapshot.endpoints().stream().filter(endpoint -> endpoint.tags().containsAll(tags)).toList(),
                snapshot.revision(), snapshot.freshness(), snapshot.skippedEntries());
    }
}
