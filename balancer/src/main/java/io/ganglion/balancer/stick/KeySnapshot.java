package io.ganglion.balancer.stick;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of a table at one moment, in the order HAProxy 2.6 lists entries: by key bytes, unsigned
 * (its trees order keys as they are in memory: IPv4 addresses numerically, integers by their
 * little-endian bytes, strings alphabetically). A dump visits them and reads each entry afresh, so
 * entries changed meanwhile show as they are, and removed ones are skipped, as HAProxy's dump does.
 *
 * <p>Keys of one word (IPv4, integer) are kept as a {@code long[]}: a million of them sort in
 * tens of milliseconds, without an object each.
 */
final class KeySnapshot {
    private final long[] singleWords;
    private final List<int[]> multiWords;

    private KeySnapshot(long[] singleWords, List<int[]> multiWords) {
        this.singleWords = singleWords;
        this.multiWords = multiWords;
    }

    int size() {
        return singleWords != null ? singleWords.length : multiWords.size();
    }

    int[] key(int i) {
        return singleWords != null ? new int[] {(int) singleWords[i]} : multiWords.get(i);
    }

    static final class Builder {
        private final Layout layout;
        private long[] single;
        private int n;
        private final List<int[]> multi;

        Builder(Layout layout, int expected) {
            this.layout = layout;
            boolean one = layout.keyWords == 1;
            this.single = one ? new long[Math.max(16, expected)] : null;
            this.multi = one ? null : new ArrayList<>(Math.max(16, expected));
        }

        void add(int[] arena, int at) {
            if (single != null) {
                if (n == single.length) {
                    single = Arrays.copyOf(single, n * 2);
                }
                single[n++] = Integer.toUnsignedLong(arena[at]);
            } else {
                multi.add(Arrays.copyOfRange(arena, at, at + layout.keyWords));
            }
        }

        KeySnapshot build() {
            if (single != null) {
                long[] keys = Arrays.copyOf(single, n);
                Arrays.sort(keys);
                return new KeySnapshot(keys, null);
            }
            int first = layout.sizedKey ? 1 : 0;
            multi.sort((a, b) -> {
                for (int i = first; i < a.length; i++) {
                    int c = Integer.compareUnsigned(a[i], b[i]);
                    if (c != 0) {
                        return c;
                    }
                }
                return first == 1 ? Integer.compare(a[0], b[0]) : 0;
            });
            return new KeySnapshot(null, multi);
        }
    }
}
