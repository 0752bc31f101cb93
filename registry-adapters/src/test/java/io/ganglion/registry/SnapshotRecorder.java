package io.ganglion.registry;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** A listener that keeps every snapshot it gets and notices overlapping deliveries. */
public final class SnapshotRecorder implements SnapshotListener {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<ServiceSnapshot> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean inside = new AtomicBoolean();
    private final AtomicBoolean overlapped = new AtomicBoolean();

    @Override
    public void onSnapshot(ServiceSnapshot snapshot) {
        if (!inside.compareAndSet(false, true)) {
            overlapped.set(true);
        }
        received.add(snapshot);
        inside.set(false);
    }

    public List<ServiceSnapshot> all() {
        return List.copyOf(received);
    }

    public ServiceSnapshot last() {
        return received.isEmpty() ? null : received.get(received.size() - 1);
    }

    /** Waits until the newest snapshot satisfies the condition, and returns it. */
    public ServiceSnapshot awaitLast(Predicate<ServiceSnapshot> condition) {
        await().atMost(PATIENCE).until(() -> last() != null && condition.test(last()));
        return last();
    }

    public boolean sawOverlappingDeliveries() {
        return overlapped.get();
    }

    /** True if any snapshot was FRESH and empty: what an outage must never produce. */
    public boolean sawFreshEmpty() {
        return received.stream().anyMatch(s -> s.isFresh() && s.endpoints().isEmpty());
    }

    public static Predicate<ServiceSnapshot> freshWithPorts(Integer... ports) {
        List<Integer> expected = List.of(ports);
        return s -> s.isFresh() && s.endpoints().stream().map(Endpoint::port).sorted().toList()
                .equals(expected.stream().sorted().toList());
    }
}
