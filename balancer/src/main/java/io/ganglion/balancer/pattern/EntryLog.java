package io.ganglion.balancer.pattern;

import java.util.Arrays;

/**
 * A reference's entries of every version, in the order they were added (their ids ascending), as
 * positions: a removed entry leaves a hole until holes are the majority, then the log is squeezed,
 * the order kept. An entry is found by id with a binary search. Confined to the control loop, as
 * its {@link PatternReference}.
 */
final class EntryLog {
    private PatternEntry[] slots = new PatternEntry[8];
    private long[] ids = new long[8];
    private int used;
    private int live;

    /** The positions in use, holes included. */
    int size() {
        return used;
    }

    /** The entry at {@code position}, or null for a hole. */
    PatternEntry at(int position) {
        return slots[position];
    }

    void append(PatternEntry entry) {
        if (used == slots.length) {
            compactIfSparse();
            if (used == slots.length) {
                slots = Arrays.copyOf(slots, used * 2);
                ids = Arrays.copyOf(ids, used * 2);
            }
        }
        slots[used] = entry;
        ids[used] = entry.id();
        used++;
        live++;
    }

    /** Puts {@code entry} (same id) in place of the one at {@code position}. */
    void replace(int position, PatternEntry entry) {
        slots[position] = entry;
    }

    /** Removes the entry at {@code position}; returns it. */
    PatternEntry remove(int position) {
        PatternEntry e = slots[position];
        slots[position] = null;
        live--;
        return e;
    }

    /** The position of the entry of that id, or -1. */
    int positionOf(long id) {
        int i = Arrays.binarySearch(ids, 0, used, id);
        return i >= 0 && slots[i] != null ? i : -1;
    }

    /** The position just after the entry of id {@code id}, or where it would be. */
    int positionAfter(long id) {
        int i = Arrays.binarySearch(ids, 0, used, id);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** Squeezes the holes out once they are the majority, the order kept. */
    void compactIfSparse() {
        if (used < 16 || live > used / 2) {
            return;
        }
        int j = 0;
        for (int i = 0; i < used; i++) {
            if (slots[i] != null) {
                slots[j] = slots[i];
                ids[j] = ids[i];
                j++;
            }
        }
        Arrays.fill(slots, j, used, null);
        used = j;
    }
}
