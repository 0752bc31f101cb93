package io.ganglion.agent.audit;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The newest {@code capacity} audit entries, oldest dropped first. Written by the reconcile
 * thread, read by the status endpoint's threads: every method takes this object's lock, held only
 * for a copy or an append.
 */
public final class AuditTrail {

    private final int capacity;
    private final ArrayDeque<AuditEntry> entries = new ArrayDeque<>(); // guarded by this

    public AuditTrail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("audit capacity must be 1 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void record(AuditEntry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** Oldest first. */
    public synchronized List<AuditEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<AuditEntry> entries(Predicate<AuditEntry> filter) {
        return entries.stream().filter(filter).toList();
    }
}
