package io.ganglion.balancer.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The live streams of one loop by their key (a positive long), in two flat arrays (open
 * addressing, linear probing): an insertion or a removal allocates nothing, where a
 * {@code LinkedHashMap<Long, ...>} made a boxed key for each and an entry for each insertion,
 * for every request. Listed in the order of their ids, which is their order of arrival (a loop
 * gives its streams increasing ids and registers each in the same task that makes it, so no other
 * stream of the loop comes between). Confined to its loop.
 */
final class StreamsByKey {
    /** Marks a free slot: keys are positive. */
    private static final long FREE = 0;
    private static final int FIRST_CAPACITY = 64;

    private long[] keys = new long[FIRST_CAPACITY];
    private LiveStream[] streams = new LiveStream[FIRST_CAPACITY];
    private int size;

    /** Adds or replaces the stream of {@code key} (> 0). */
    void put(long key, LiveStream stream) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != FREE) {
            if (keys[i] == key) {
                streams[i] = stream;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        streams[i] = stream;
        size++;
    }

    LiveStream get(long key) {
        int i = indexOf(key);
        return i < 0 ? null : streams[i];
    }

    /** Removes the entry of {@code key} if it holds {@code stream}. */
    void remove(long key, LiveStream stream) {
        int i = indexOf(key);
        if (i < 0 || streams[i] != stream) {
            return;
        }
        // Backward shift: the entries after the freed slot that probed past it move back into it.
        int mask = keys.length - 1;
        int free = i;
        for (int j = (free + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            // j's entry may fill the free slot if its home is not between the free slot and j (cyclically)
            if (((j - home) & mask) >= ((j - free) & mask)) {
                keys[free] = keys[j];
                streams[free] = streams[j];
                free = j;
            }
        }
        keys[free] = FREE;
        streams[free] = null;
        size--;
    }

    int size() {
        return size;
    }

    /** The streams in the order of their ids (which is that of their keys). */
    List<LiveStream> inOrder() {
        List<LiveStream> all = new ArrayList<>(size);
        for (LiveStream stream : streams) {
            if (stream != null) {
                all.add(stream);
            }
        }
        all.sort(Comparator.comparingLong(LiveStream::id));
        return all;
    }

    private int indexOf(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); keys[i] != FREE; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** Fibonacci hashing: consecutive keys spread over the table. */
    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        LiveStream[] oldStreams = streams;
        keys = new long[oldKeys.length * 2];
        streams = new LiveStream[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                put(oldKeys[i], oldStreams[i]);
            }
        }
    }
}
