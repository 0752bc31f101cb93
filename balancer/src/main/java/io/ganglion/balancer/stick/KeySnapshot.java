package io.ganglion.balancer.stick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The keys of a table, taken one stripe at a time, visited in the order HAProxy 2.6 lists entries:
 * by key bytes, unsigned (its trees order keys as they are in memory: IPv4 addresses numerically,
 * integers by their little-endian bytes, strings alphabetically). A dump reads each entry afresh
 * as it reaches its key, so entries changed meanwhile show as they are and removed ones are
 * skipped, as HAProxy's dump does.
 *
 * <p>Each stripe's keys are sorted on their own as they are taken (a few milliseconds for the
 * 16384 of a stripe), and the stripes are merged as the dump goes, so no step of a million-entry
 * dump holds the control loop for long. Keys of one word (IPv4, integer) stay in {@code long[]}s:
 * no object per key.
 */
final class KeySnapshot {
    private final Layout layout;
    private final List<long[]> wordRuns = new ArrayList<>();
    private final List<List<int[]>> arrayRuns = new ArrayList<>();
    private final Comparator<int[]> order;
    private PriorityQueue<int[]> cursors;

    KeySnapshot(Layout layout) {
        this.layout = layout;
        int first = layout.sizedKey ? 1 : 0;
        this.order = (a, b) -> {
            for (int i = first; i < a.length; i++) {
                int c = Integer.compareUnsigned(a[i], b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return first == 1 ? Integer.compare(a[0], b[0]) : 0;
        };
    }

    /** Adds one stripe's keys, {@code keyWords} words each from {@code at} in {@code arena} for each slot listed. */
    void addRun(int[] arena, int[] keyOffsets, int count) {
        if (layout.keyWords == 1) {
            long[] run = new long[count];
            for (int i = 0; i < count; i++) {
                run[i] = Integer.toUnsignedLong(arena[keyOffsets[i]]);
            }
            Arrays.sort(run);
            wordRuns.add(run);
        } else {
            List<int[]> run = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                run.add(Arrays.copyOfRange(arena, keyOffsets[i], keyOffsets[i] + layout.keyWords));
            }
            run.sort(order);
            arrayRuns.add(run);
        }
    }

    /** The next key in order, or null after the last; the runs are complete once this is first called. */
    int[] next() {
        if (cursors == null) {
            // a cursor is {run, position}; the heap orders cursors by the key they point at
            cursors = new PriorityQueue<>((x, y) -> layout.keyWords == 1
                    ? Long.compare(wordRuns.get(x[0])[x[1]], wordRuns.get(y[0])[y[1]])
                    : order.compare(arrayRuns.get(x[0]).get(x[1]), arrayRuns.get(y[0]).get(y[1])));
            int runs = layout.keyWords == 1 ? wordRuns.size() : arrayRuns.size();
            for (int r = 0; r < runs; r++) {
                if (runLength(r) > 0) {
                    cursors.add(new int[] {r, 0});
                }
            }
        }
        int[] cursor = cursors.poll();
        if (cursor == null) {
            return null;
        }
        int[] key = layout.keyWords == 1 ? new int[] {(int) wordRuns.get(cursor[0])[cursor[1]]}
                : arrayRuns.get(cursor[0]).get(cursor[1]);
        if (++cursor[1] < runLength(cursor[0])) {
            cursors.add(cursor);
        }
        return key;
    }

    private int runLength(int r) {
        return layout.keyWords == 1 ? wordRuns.get(r).length : arrayRuns.get(r).size();
    }
}
