package io.ganglion.balancer.stick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The keys of a table, taken one stripe at a time with the slot of each, visited in the order
 * HAProxy 2.6 lists entries: by key bytes, unsigned (its trees order keys as they are in memory:
 * IPv4 addresses numerically, integers by their little-endian bytes, strings alphabetically). A
 * dump reads each entry afresh at its slot as it reaches it, so entries changed meanwhile show as
 * they are and removed ones are skipped, as HAProxy's dump does.
 *
 * <p>Each stripe's keys are sorted on their own as they are taken (a few milliseconds for the
 * 16384 of a stripe), and the stripes are merged through a small heap as the dump goes, so no
 * step of a million-entry dump holds the control loop for long. Keys of one word (IPv4, integer)
 * stay in {@code long[]}s, key and slot in one number: no object per key.
 *
 * <p>Used by one dump, on the control loop: not thread-safe.
 */
final class KeySnapshot {
    private final Layout layout;
    private final boolean oneWord;
    /**
     * One-word keys: per stripe taken, {@code key << 32 | slot} with the key's top bit flipped, so
     * that the signed order of the numbers is the unsigned order of the keys; sorted.
     */
    private final List<long[]> wordRuns = new ArrayList<>();
    /** Longer keys: per stripe taken, the key words then the slot, sorted by key. */
    private final List<int[][]> arrayRuns = new ArrayList<>();
    private final List<Integer> runStripes = new ArrayList<>();
    private final Comparator<int[]> order;
    /** The merge: a binary heap of run numbers by their current key, and each run's position. */
    private int[] heap;
    private int heapSize;
    private int[] positions;
    /** The entry {@link #advance} moved to. */
    private int stripe;
    private int slot;
    private final int[] key;

    KeySnapshot(Layout layout) {
        this.layout = layout;
        this.oneWord = layout.keyWords == 1;
        this.key = new int[layout.keyWords];
        int first = layout.sizedKey ? 1 : 0;
        int words = layout.keyWords;
        this.order = (a, b) -> {
            for (int i = first; i < words; i++) {
                int c = Integer.compareUnsigned(a[i], b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return first == 1 ? Integer.compare(a[0], b[0]) : 0;
        };
    }

    /** Adds one stripe's entries: the slots listed, whose keys start at {@code slot * stride + Segment.KEY}. */
    void addRun(int stripeIndex, int[] arena, int stride, int[] slots, int count) {
        runStripes.add(stripeIndex);
        if (oneWord) {
            long[] run = new long[count];
            for (int i = 0; i < count; i++) {
                run[i] = (long) (arena[slots[i] * stride + Segment.KEY] ^ Integer.MIN_VALUE) << 32 | slots[i];
            }
            Arrays.sort(run);
            wordRuns.add(run);
        } else {
            int[][] run = new int[count][];
            for (int i = 0; i < count; i++) {
                int at = slots[i] * stride + Segment.KEY;
                int[] k = Arrays.copyOf(Arrays.copyOfRange(arena, at, at + layout.keyWords), layout.keyWords + 1);
                k[layout.keyWords] = slots[i];
                run[i] = k;
            }
            Arrays.sort(run, order);
            arrayRuns.add(run);
        }
    }

    /**
     * Moves to the next entry in key order; the runs are complete once this is first called.
     *
     * @return false after the last
     */
    boolean advance() {
        if (heap == null) {
            int runs = runStripes.size();
            heap = new int[runs];
            positions = new int[runs];
            for (int r = 0; r < runs; r++) {
                if (length(r) > 0) {
                    heap[heapSize++] = r;
                }
            }
            for (int i = heapSize / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }
        if (heapSize == 0) {
            return false;
        }
        int run = heap[0];
        int at = positions[run]++;
        stripe = runStripes.get(run);
        if (oneWord) {
            long v = wordRuns.get(run)[at];
            key[0] = (int) (v >>> 32) ^ Integer.MIN_VALUE;
            slot = (int) v;
        } else {
            int[] k = arrayRuns.get(run)[at];
            System.arraycopy(k, 0, key, 0, layout.keyWords);
            slot = k[layout.keyWords];
        }
        if (positions[run] == length(run)) {
            heap[0] = heap[--heapSize];
        }
        siftDown(0);
        return true;
    }

    int stripe() {
        return stripe;
    }

    int slot() {
        return slot;
    }

    /** The key words of the current entry; the array is reused by the next {@link #advance}. */
    int[] key() {
        return key;
    }

    private int length(int run) {
        return oneWord ? wordRuns.get(run).length : arrayRuns.get(run).length;
    }

    private boolean before(int runA, int runB) {
        if (oneWord) {
            return wordRuns.get(runA)[positions[runA]] < wordRuns.get(runB)[positions[runB]];
        }
        return order.compare(arrayRuns.get(runA)[positions[runA]], arrayRuns.get(runB)[positions[runB]]) < 0;
    }

    private void siftDown(int i) {
        while (true) {
            int smallest = i;
            int left = 2 * i + 1;
            int right = left + 1;
            if (left < heapSize && before(heap[left], heap[smallest])) {
                smallest = left;
            }
            if (right < heapSize && before(heap[right], heap[smallest])) {
                smallest = right;
            }
            if (smallest == i) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[smallest];
            heap[smallest] = t;
            i = smallest;
        }
    }
}
