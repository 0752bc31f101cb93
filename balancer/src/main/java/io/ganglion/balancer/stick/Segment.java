package io.ganglion.balancer.stick;

import java.util.Arrays;

/**
 * One stripe of a stick table: its entries packed in one {@code int[]} (no object per entry), an
 * open-addressing index over them, and their list from least to most recently updated.
 *
 * <p>An entry is {@code stride} words: its key's hash, when it was last updated (ms), how many
 * streams hold it ({@code use=}), the previous and next entries in update order, the key words,
 * then the stored data at the offsets {@link Layout} gives. An entry keeps its slot for its life,
 * so a stream may hold it by slot number. Freed slots are chained through their NEXT word for reuse.
 *
 * <p>Not thread-safe: every method is called with the segment's monitor held ({@link StickTable}
 * takes it), one short critical section per operation.
 */
final class Segment {
    static final int HASH = 0;
    static final int TOUCHED = 1;
    static final int REFS = 2;
    static final int PREV = 3;
    static final int NEXT = 4;
    static final int KEY = 5;
    private static final int NONE = -1;
    /** The PREV word of a freed slot: live entries have -1 or a slot there. */
    private static final int FREED = -2;

    final int stride;
    private final int keyWords;
    int[] arena;
    /** Slots ever used; slots below it are live or on the free chain. */
    private int highWater;
    private int freeHead = NONE;
    /**
     * Buckets holding the key's hash (high half) and slot + 1 (low half), 0 when empty; linear
     * probing, at most half full. The hash is kept here so that a probe reads the entry's words
     * only when the hashes match: one memory access per bucket instead of two.
     */
    private long[] index;
    private int count;
    private int oldest = NONE;
    private int newest = NONE;

    Segment(int stride, int keyWords) {
        this.stride = stride;
        this.keyWords = keyWords;
        this.arena = new int[stride * 16];
        this.index = new long[32];
    }

    int count() {
        return count;
    }

    /** The least recently updated entry, or -1. */
    int oldest() {
        return oldest;
    }

    /** The entry updated after {@code slot}, or -1. */
    int newer(int slot) {
        return arena[slot * stride + NEXT];
    }

    int find(int[] key, int hash) {
        int mask = index.length - 1;
        for (int b = hash & mask; ; b = (b + 1) & mask) {
            long ref = index[b];
            if (ref == 0) {
                return NONE;
            }
            if ((int) (ref >>> 32) == hash) {
                int slot = (int) ref - 1;
                if (sameKey(slot * stride, key)) {
                    return slot;
                }
            }
        }
    }

    /** Whether {@code slot} is a live entry of {@code key} (a dump's snapshot may be older than the entry). */
    boolean holds(int slot, int[] key) {
        if (slot >= highWater) {
            return false;
        }
        int base = slot * stride;
        return arena[base + PREV] != FREED && sameKey(base, key);
    }

    /** Adds an entry for a key that is not there, as the most recent, its data zero; @return its slot */
    int insert(int[] key, int hash, int now) {
        if ((count + 1) * 2 > index.length) {
            growIndex();
        }
        int slot = allocate();
        int base = slot * stride;
        Arrays.fill(arena, base, base + stride, 0);
        arena[base + HASH] = hash;
        arena[base + TOUCHED] = now;
        System.arraycopy(key, 0, arena, base + KEY, keyWords);
        int mask = index.length - 1;
        int b = hash & mask;
        while (index[b] != 0) {
            b = (b + 1) & mask;
        }
        index[b] = bucket(hash, slot);
        linkNewest(slot);
        count++;
        return slot;
    }

    void remove(int slot) {
        int base = slot * stride;
        int mask = index.length - 1;
        long ref = bucket(arena[base + HASH], slot);
        int b = arena[base + HASH] & mask;
        while (index[b] != ref) {
            b = (b + 1) & mask;
        }
        // backward-shift deletion: later entries of the probe run move up, so no tombstone is left
        int hole = b;
        for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
            int home = (int) (index[next] >>> 32) & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                index[hole] = index[next];
                hole = next;
            }
        }
        index[hole] = 0;
        unlink(slot);
        arena[base + PREV] = FREED;
        arena[base + NEXT] = freeHead;
        arena[base + REFS] = 0;
        freeHead = slot;
        count--;
    }

    /**
     * Marks the entry updated at {@code now}: it becomes the most recent, unless it was already
     * updated in this millisecond. HAProxy orders entries by expiry date, in milliseconds, and
     * moves an entry only when that date changes: entries updated within one millisecond keep
     * their order (seen live: keys 1, 2, 3 set, 1 set again, 4 set, all within a millisecond: 1 goes).
     */
    void touch(int slot, int now) {
        int base = slot * stride;
        if (arena[base + TOUCHED] != now) {
            arena[base + TOUCHED] = now;
            if (newest != slot) {
                unlink(slot);
                linkNewest(slot);
            }
        }
    }

    /** The key words of the entry, copied. */
    int[] key(int slot) {
        int base = slot * stride + KEY;
        return Arrays.copyOfRange(arena, base, base + keyWords);
    }

    private int allocate() {
        if (freeHead != NONE) {
            int slot = freeHead;
            freeHead = arena[slot * stride + NEXT];
            return slot;
        }
        if ((highWater + 1) * stride > arena.length) {
            // grows by half: a segment is a small share of the table, so a copy is short
            arena = Arrays.copyOf(arena, Math.max(arena.length + arena.length / 2, (highWater + 1) * stride));
        }
        return highWater++;
    }

    private void growIndex() {
        long[] old = index;
        index = new long[old.length * 2];
        int mask = index.length - 1;
        for (long ref : old) {
            if (ref != 0) {
                int b = (int) (ref >>> 32) & mask;
                while (index[b] != 0) {
                    b = (b + 1) & mask;
                }
                index[b] = ref;
            }
        }
    }

    private static long bucket(int hash, int slot) {
        return (long) hash << 32 | (slot + 1);
    }

    private boolean sameKey(int base, int[] key) {
        for (int i = 0; i < keyWords; i++) {
            if (arena[base + KEY + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private void linkNewest(int slot) {
        int base = slot * stride;
        arena[base + PREV] = newest;
        arena[base + NEXT] = NONE;
        if (newest != NONE) {
            arena[newest * stride + NEXT] = slot;
        } else {
            oldest = slot;
        }
        newest = slot;
    }

    private void unlink(int slot) {
        int base = slot * stride;
        int prev = arena[base + PREV];
        int next = arena[base + NEXT];
        if (prev != NONE) {
            arena[prev * stride + NEXT] = next;
        } else {
            oldest = next;
        }
        if (next != NONE) {
            arena[next * stride + PREV] = prev;
        } else {
            newest = prev;
        }
    }
}
