package io.ganglion.balancer.pattern;

import java.util.Arrays;

/**
 * A reference's entries of every version, in the order they were added (their ids ascending), as
 * positions: a removed entry leaves a hole until holes are the majority, then the log is squeezed,
 * the order kept. An entry is found by id with a binary search. Confined to the control loop, as
 * its {@link PatternReference}.
 *
 * <p>Kept as columns (id, packed IPv4 key or the key itself, value, version), not as one
 * {@link PatternEntry} each: {@link #at} makes the entry when it is asked for (the socket's
 * answers, an index being built). A million-line GeoIP map loaded by payloads made a million
 * entries of 40 bytes that all lived, so each was copied out of the young generation and marked at
 * every full collection while the map grew; with its IPv4 keys packed and its values shared, the
 * columns hold no object per entry. The columns are in chunks of {@value #CHUNK} positions that are
 * never copied once full (only the first grows by doubling, so that a small ACL stays small): a
 * doubling array left its old copies, megabytes each, to the old generation.
 */
final class EntryLog {
    private static final int CHUNK_BITS = 13;
    static final int CHUNK = 1 << CHUNK_BITS;
    private static final int IN_CHUNK = CHUNK - 1;
    /** The packed-key column's mark of a hole (a removed entry): a packed key is never negative. */
    private static final long HOLE = -1;

    private long[][] ids = {new long[8]};
    /** The key packed ({@link Ipv4Text#pack}), {@link Ipv4Text#NONE} when {@link #keys} holds it, or {@link #HOLE}. */
    private long[][] packed = {new long[8]};
    /**
     * The key as {@link PatternEntry#keyObject()} keeps it, null when packed; a chunk of it is made
     * for the first key of its positions that does not pack (an IPv4 map never needs one).
     */
    private Object[][] keys = {null};
    private String[][] values = {new String[8]};
    private int[][] versions = {new int[8]};
    private int capacity = 8;
    private int used;
    private int live;

    /** The positions in use, holes included. */
    int size() {
        return used;
    }

    /** Whether the position holds an entry (not a hole). */
    boolean isLive(int position) {
        return packed(position) != HOLE;
    }

    /** The entry at {@code position}, made from the columns, or null for a hole. */
    PatternEntry at(int position) {
        long p = packed(position);
        if (p == HOLE) {
            return null;
        }
        int c = position >>> CHUNK_BITS;
        int i = position & IN_CHUNK;
        return PatternEntry.stored(ids[c][i], p, p == Ipv4Text.NONE ? keys[c][i] : null, values[c][i], versions[c][i]);
    }

    long id(int position) {
        return ids[position >>> CHUNK_BITS][position & IN_CHUNK];
    }

    int version(int position) {
        return versions[position >>> CHUNK_BITS][position & IN_CHUNK];
    }

    /** Whether the live entry at {@code position} has the key {@code text}, without making its string. */
    boolean hasKey(int position, String text) {
        long p = packed(position);
        return p == Ipv4Text.NONE ? PatternEntry.keyObjectIs(keys[position >>> CHUNK_BITS][position & IN_CHUNK], text)
                : p != HOLE && Ipv4Text.pack(text) == p;
    }

    private long packed(int position) {
        return packed[position >>> CHUNK_BITS][position & IN_CHUNK];
    }

    void append(PatternEntry entry) {
        append(entry.id(), entry.packedKey(), entry.keyObject(), entry.value(), entry.version());
    }

    /** An entry given by its parts: {@code key} null when {@code packedKey} holds it. */
    void append(long id, long packedKey, Object key, String value, int version) {
        if (used == capacity) {
            compactIfSparse();
            if (used == capacity) {
                grow();
            }
        }
        int c = used >>> CHUNK_BITS;
        int i = used & IN_CHUNK;
        ids[c][i] = id;
        packed[c][i] = packedKey;
        if (key != null) {
            keysChunk(c)[i] = key;
        }
        values[c][i] = value;
        versions[c][i] = version;
        used++;
        live++;
    }

    /** The entry at {@code position} takes {@code value}. */
    void setValue(int position, String value) {
        values[position >>> CHUNK_BITS][position & IN_CHUNK] = value;
    }

    /** Removes the entry at {@code position}; returns it. */
    PatternEntry remove(int position) {
        PatternEntry e = at(position);
        int c = position >>> CHUNK_BITS;
        int i = position & IN_CHUNK;
        packed[c][i] = HOLE;
        if (keys[c] != null) {
            keys[c][i] = null;
        }
        values[c][i] = null;
        live--;
        return e;
    }

    /** The position of the entry of that id, or -1. */
    int positionOf(long id) {
        int i = search(id);
        return i >= 0 && isLive(i) ? i : -1;
    }

    /** The position just after the entry of id {@code id}, or where it would be. */
    int positionAfter(long id) {
        int i = search(id);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** {@link Arrays#binarySearch}'s answer over the ids of the positions in use, holes included. */
    private int search(long id) {
        int low = 0;
        int high = used - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long m = id(mid);
            if (m < id) {
                low = mid + 1;
            } else if (m > id) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** Squeezes the holes out once they are the majority, the order kept. */
    void compactIfSparse() {
        if (used < 16 || live > used / 2) {
            return;
        }
        int j = 0;
        for (int i = 0; i < used; i++) {
            if (isLive(i)) {
                move(i, j);
                j++;
            }
        }
        for (int i = j; i < used; i++) { // no references kept past the end
            if (keys[i >>> CHUNK_BITS] != null) {
                keys[i >>> CHUNK_BITS][i & IN_CHUNK] = null;
            }
            values[i >>> CHUNK_BITS][i & IN_CHUNK] = null;
        }
        used = j;
    }

    private void move(int from, int to) {
        int fc = from >>> CHUNK_BITS;
        int fi = from & IN_CHUNK;
        int tc = to >>> CHUNK_BITS;
        int ti = to & IN_CHUNK;
        ids[tc][ti] = ids[fc][fi];
        packed[tc][ti] = packed[fc][fi];
        Object key = packed[fc][fi] == Ipv4Text.NONE ? keys[fc][fi] : null;
        if (key != null || keys[tc] != null) {
            keysChunk(tc)[ti] = key;
        }
        values[tc][ti] = values[fc][fi];
        versions[tc][ti] = versions[fc][fi];
    }

    /** The keys' chunk {@code c}, made when first needed. */
    private Object[] keysChunk(int c) {
        Object[] chunk = keys[c];
        if (chunk == null) {
            chunk = new Object[c == 0 ? Math.min(capacity, CHUNK) : CHUNK];
            keys[c] = chunk;
        }
        return chunk;
    }

    /** Room for more: the first chunk doubled while it is under {@link #CHUNK}, else one chunk more. */
    private void grow() {
        if (capacity < CHUNK) {
            capacity = Math.min(CHUNK, capacity * 2);
            ids[0] = Arrays.copyOf(ids[0], capacity);
            packed[0] = Arrays.copyOf(packed[0], capacity);
            if (keys[0] != null) {
                keys[0] = Arrays.copyOf(keys[0], capacity);
            }
            values[0] = Arrays.copyOf(values[0], capacity);
            versions[0] = Arrays.copyOf(versions[0], capacity);
            return;
        }
        int k = ids.length;
        ids = Arrays.copyOf(ids, k + 1);
        ids[k] = new long[CHUNK];
        packed = Arrays.copyOf(packed, k + 1);
        packed[k] = new long[CHUNK];
        keys = Arrays.copyOf(keys, k + 1);
        values = Arrays.copyOf(values, k + 1);
        values[k] = new String[CHUNK];
        versions = Arrays.copyOf(versions, k + 1);
        versions[k] = new int[CHUNK];
        capacity += CHUNK;
    }
}
