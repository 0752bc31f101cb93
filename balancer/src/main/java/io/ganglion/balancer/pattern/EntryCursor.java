package io.ganglion.balancer.pattern;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The entries of one version of a reference, read one at a time for a dump written in pieces
 * ({@code show map REF}): each step looks the next entry up after the last one returned, by its id,
 * so entries added or removed between two pieces never make the dump repeat or skip one that
 * stayed (HAProxy's dump also goes on from its last entry). Used on the control loop only, like the
 * reference.
 */
final class EntryCursor implements Iterator<PatternEntry> {
    private final PatternReference reference;
    private final int version;
    private long lastId = -1;
    private PatternEntry next;
    private boolean looked;

    EntryCursor(PatternReference reference, int version) {
        this.reference = reference;
        this.version = version;
    }

    @Override
    public boolean hasNext() {
        if (!looked) {
            next = reference.entryAt(lastId < 0 ? 0 : reference.positionAfter(lastId), version);
            looked = true;
        }
        return next != null;
    }

    @Override
    public PatternEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        PatternEntry e = next;
        lastId = e.id();
        looked = false;
        return e;
    }
}
