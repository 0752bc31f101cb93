package io.ganglion.bench.converge;

import io.ganglion.bench.backend.ObservedServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plays the changes of one run against the registry and times each one, one after the other:
 * instance {@code iN} is added on a server of the pool, its weight set to 0 and back to 1, and
 * it is removed ({@link ChangeKind}); the next instance takes the next server of the pool. Each
 * instance has a name of its own, so that no endpoint comes back within the agent's flap window
 * (the benchmark measures ordinary changes, not damping). A change starts when ZooKeeper has
 * acknowledged the write and ends when it shows in the traffic ({@link Reflection}).
 */
final class ChangeScript {
    private final NerveWriter registry;
    private final List<ObservedServer> pool;
    private final Reflection reflection;
    /** The changes made so far: a later {@link #play} goes on where the last one stopped. */
    private int made;
    /** The node of the instance registered last, for its next changes. */
    private String node;

    ChangeScript(NerveWriter registry, List<ObservedServer> pool, Reflection reflection) {
        this.registry = registry;
        this.pool = List.copyOf(pool);
        this.reflection = reflection;
    }

    /** The changes made so far, timed or not. */
    int made() {
        return made;
    }

    /** Makes {@code count} more changes; @return their times, in order */
    List<TimedChange> play(int count) throws Exception {
        List<TimedChange> timed = new ArrayList<>(count);
        for (int n = made; n < made + count; n++) {
            ChangeKind kind = ChangeKind.nth(n);
            int instance = n / ChangeKind.values().length;
            ObservedServer subject = pool.get(instance % pool.size());
            String name = "i" + instance;
            String change = "change " + n + " (" + kind.name().toLowerCase(Locale.ROOT) + " " + name + ")";
            if (kind.entersRotation()) {
                subject.arm();
            }
            switch (kind) {
                case ADD -> node = registry.register(name, subject.port(), 1);
                case WEIGHT_OUT -> registry.reweight(node, name, subject.port(), 0);
                case WEIGHT_IN -> registry.reweight(node, name, subject.port(), 1);
                case REMOVE -> registry.remove(node);
            }
            long written = System.nanoTime();
            Instant writtenAt = Instant.now();
            long nanos = kind.entersRotation() ? reflection.awaitFirstRequest(subject, written, change)
                    : reflection.awaitLastRequest(subject, written, change);
            timed.add(new TimedChange(kind, writtenAt, nanos));
        }
        made += count;
        return timed;
    }
}
