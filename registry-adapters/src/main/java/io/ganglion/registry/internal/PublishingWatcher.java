package io.ganglion.registry.internal;

import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.SnapshotListener;
import java.util.Optional;

/** The part every watcher shares: a name, a lifecycle, and a {@link SnapshotPublisher} for its listeners. */
public abstract class PublishingWatcher implements ServiceWatcher {

    private final String service;
    protected final Lifecycle lifecycle;
    protected final SnapshotPublisher publisher;

    protected PublishingWatcher(String service, String description) {
        this.service = service;
        this.lifecycle = new Lifecycle(description);
        this.publisher = new SnapshotPublisher(service);
    }

    @Override
    public final String service() {
        return service;
    }

    @Override
    public final void addListener(SnapshotListener listener) {
        publisher.addListener(listener);
    }

    @Override
    public final Optional<ServiceSnapshot> current() {
        return publisher.latest();
    }
}
