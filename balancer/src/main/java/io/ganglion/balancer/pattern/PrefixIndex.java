package io.ganglion.balancer.pattern;

import java.util.Arrays;

/**
 * {@code -m beg} and {@code map_beg}: the prefixes in a hash by their text, and the lengths in use;
 * a sample is looked up by its own prefixes of those lengths, longest first (HAProxy's prefix tree
 * answers the longest prefix too). A lookup costs one hash probe per distinct prefix length.
 *
 * @param lengths the distinct prefix lengths in use, longest first, with how many keys have each
 */
public record PrefixIndex(StringHashTrie keys, int[] lengths, int[] counts, boolean ignoreCase) implements EntryIndex {

    static PrefixIndex empty(boolean ignoreCase) {
        return new PrefixIndex(StringHashTrie.EMPTY, new int[0], new int[0], ignoreCase);
    }


    @Override
    public PrefixIndex with(PatternEntry entry) {
        String k = Entries.fold(entry.key(), ignoreCase);
        Object old = keys.get(k);
        StringHashTrie more = keys.with(k, Entries.append(old, entry));
        if (old != null) {
            return new PrefixIndex(more, lengths, counts, ignoreCase);
        }
        int at = slot(k.length());
        if (at >= 0) {
            int[] c = counts.clone();
            c[at]++;
            return new PrefixIndex(more, lengths, c, ignoreCase);
        }
        int insert = -at - 1;
        int[] l = new int[lengths.length + 1];
        int[] c = new int[counts.length + 1];
        System.arraycopy(lengths, 0, l, 0, insert);
        System.arraycopy(counts, 0, c, 0, insert);
        l[insert] = k.length();
        c[insert] = 1;
        System.arraycopy(lengths, insert, l, insert + 1, lengths.length - insert);
        System.arraycopy(counts, insert, c, insert + 1, counts.length - insert);
        return new PrefixIndex(more, l, c, ignoreCase);
    }

    @Override
    public PrefixIndex without(PatternEntry entry) {
        String k = Entries.fold(entry.key(), ignoreCase);
        Object old = keys.get(k);
        Object left = Entries.drop(old, entry.id());
        if (left == old) {
            return this;
        }
        if (left != null) {
            return new PrefixIndex(keys.with(k, left), lengths, counts, ignoreCase);
        }
        int at = slot(k.length());
        int[] c = counts.clone();
        if (--c[at] > 0) {
            return new PrefixIndex(keys.with(k, null), lengths, c, ignoreCase);
        }
        int[] l = new int[lengths.length - 1];
        int[] c2 = new int[counts.length - 1];
        System.arraycopy(lengths, 0, l, 0, at);
        System.arraycopy(c, 0, c2, 0, at);
        System.arraycopy(lengths, at + 1, l, at, l.length - at);
        System.arraycopy(c, at + 1, c2, at, c2.length - at);
        return new PrefixIndex(keys.with(k, null), l, c2, ignoreCase);
    }

    @Override
    public PrefixIndex replacing(PatternEntry entry) {
        String k = Entries.fold(entry.key(), ignoreCase);
        Object old = keys.get(k);
        return old == null ? this : new PrefixIndex(keys.with(k, Entries.replace(old, entry)), lengths, counts, ignoreCase);
    }

    /** Where {@code length} is in the descending {@link #lengths}, or -(insertion point)-1. */
    private int slot(int length) {
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] == length) {
                return i;
            }
            if (lengths[i] < length) {
                return -i - 1;
            }
        }
        return -lengths.length - 1;
    }

    /** The first entry of the longest key that begins {@code sample}, or null. */
    public PatternEntry match(String sample) {
        String s = Entries.fold(sample, ignoreCase);
        for (int length : lengths) {
            if (length <= s.length()) {
                Object found = keys.get(s.substring(0, length));
                if (found != null) {
                    return Entries.first(found);
                }
            }
        }
        return null;
    }

    @Override
    public PatternEntry matchText(String sample) {
        return match(sample);
    }

    @Override
    public String kind() {
        return ignoreCase ? "list" : "tree";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefixIndex p && keys == p.keys && Arrays.equals(lengths, p.lengths);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(keys);
    }
}
