package io.ganglion.registry.internal;

import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.SnapshotListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the newest snapshot of one service to its listeners: one delivery at a time, in order, on one
 * lane of the shared registry threads ({@link SerialLane}), skipping snapshots that a newer one
 * replaced before delivery (coalescing).
 *
 * <p>Threads: {@link #publish} may be called from any thread; it only swaps {@link #latest} and, if
 * no delivery is queued, queues one. Everything else ({@link #listeners}, {@link #delivered}) is
 * confined to the delivery lane, which is why those fields are plain.
 */
public final class SnapshotPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final SerialLane delivery;
    private final AtomicReference<ServiceSnapshot> latest = new AtomicReference<>();
    private final AtomicBoolean deliveryQueued = new AtomicBoolean();
    // Delivery thread only.
    private final List<SnapshotListener> listeners = new ArrayList<>();
    // Delivery thread only: the snapshot that every listener in `listeners` has seen.
    private ServiceSnapshot delivered;

    public SnapshotPublisher(String service) {
        this.delivery = SerialLane.named("ganglion-registry-events-" + service);
    }

    /** Adds a listener; it first gets the snapshot the others last got, if any. */
    public void addListener(SnapshotListener listener) {
        runOnDeliveryThread(() -> {
            listeners.add(listener);
            if (delivered != null) {
                deliverSafely(listener, delivered);
            }
        });
    }

    /** Offers a snapshot; ignored if its content equals the newest one (only changes go out). */
    public void publish(ServiceSnapshot snapshot) {
        ServiceSnapshot previous = latest.getAndUpdate(old -> snapshot.sameContentAs(old) ? old : snapshot);
        if (snapshot.sameContentAs(previous)) {
            return;
        }
        if (deliveryQueued.compareAndSet(false, true)) {
            runOnDeliveryThread(this::deliverLatest);
        }
    }

    public Optional<ServiceSnapshot> latest() {
        return Optional.ofNullable(latest.get());
    }

    private void deliverLatest() {
        // Cleared before reading `latest`: a publish racing with this delivery queues another one.
        deliveryQueued.set(false);
        ServiceSnapshot newest = latest.get();
        if (newest == delivered) {
            return;
        }
        delivered = newest;
        for (SnapshotListener listener : listeners) {
            deliverSafely(listener, newest);
        }
    }

    private static void deliverSafely(SnapshotListener listener, ServiceSnapshot snapshot) {
        try {
            listener.onSnapshot(snapshot);
        } catch (RuntimeException e) {
            log.error("Snapshot listener {} failed on service {} (revision {}); later snapshots still go to it",
                    listener, snapshot.service(), snapshot.revision(), e);
        }
    }

    private void runOnDeliveryThread(Runnable task) {
        try {
            delivery.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("Snapshot delivery is closed; dropping a task");
        }
    }

    /** Stops deliveries; a listener running now finishes, nothing is delivered after. */
    @Override
    public void close() {
        delivery.close();
    }
}
