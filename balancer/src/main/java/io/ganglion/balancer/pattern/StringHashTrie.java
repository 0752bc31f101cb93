package io.ganglion.balancer.pattern;

import java.util.Arrays;

/**
 * A persistent hash map from a string to the entries that have it as their key (a hash array mapped
 * trie: 5 bits of the hash per level, each node holding only the slots in use). Used for exact
 * strings ({@code -m str}, {@code map_str}) and for {@code beg} prefixes.
 *
 * <p>Immutable: {@link #with} copies the nodes on one path (at most seven small arrays) and shares
 * the rest, so one more key in a million costs a few hundred bytes, and a request's lookup runs on a
 * version nothing changes.
 */
final class StringHashTrie {
    static final StringHashTrie EMPTY = new StringHashTrie(new Branch(0, new Object[0]));

    private static final int BITS = 5;
    private static final int DEEPEST = 30; // past this shift all 32 bits are used: same-hash keys share a Collision

    private final Branch root;

    private StringHashTrie(Branch root) {
        this.root = root;
    }

    private record Leaf(String key, Object entries) {
    }

    private record Branch(int bitmap, Object[] slots) {
    }

    /** Keys of equal hash. */
    private record Collision(Leaf[] leaves) {
    }

    /** The entries with that key (one {@link PatternEntry} or an array, in the order added), or null. */
    Object get(String key) {
        int h = hash(key);
        Object node = root;
        for (int shift = 0; ; shift += BITS) {
            if (node instanceof Branch b) {
                int bit = 1 << ((h >>> shift) & 31);
                if ((b.bitmap & bit) == 0) {
                    return null;
                }
                node = b.slots[Integer.bitCount(b.bitmap & (bit - 1))];
            } else if (node instanceof Leaf l) {
                return l.key.equals(key) ? l.entries : null;
            } else {
                for (Leaf l : ((Collision) node).leaves) {
                    if (l.key.equals(key)) {
                        return l.entries;
                    }
                }
                return null;
            }
        }
    }

    /** This map with {@code key} bound to {@code entries}, or without {@code key} when entries is null. */
    StringHashTrie with(String key, Object entries) {
        Object r = put(root, new Leaf(key, entries), hash(key), 0);
        return r == root ? this : new StringHashTrie(r == null ? EMPTY.root : (Branch) r);
    }

    private static int hash(String key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    /** The node with {@code leaf} put (or its key removed when leaf.entries is null); null when nothing is left. */
    private static Object put(Object node, Leaf leaf, int h, int shift) {
        if (node instanceof Branch b) {
            int bit = 1 << ((h >>> shift) & 31);
            int at = Integer.bitCount(b.bitmap & (bit - 1));
            if ((b.bitmap & bit) == 0) {
                if (leaf.entries == null) {
                    return b;
                }
                Object[] slots = new Object[b.slots.length + 1];
                System.arraycopy(b.slots, 0, slots, 0, at);
                slots[at] = leaf;
                System.arraycopy(b.slots, at, slots, at + 1, b.slots.length - at);
                return new Branch(b.bitmap | bit, slots);
            }
            Object old = b.slots[at];
            Object changed = put(old, leaf, h, shift + BITS);
            if (changed == old) {
                return b;
            }
            if (changed == null) {
                if (b.slots.length == 1) {
                    return null;
                }
                Object[] slots = new Object[b.slots.length - 1];
                System.arraycopy(b.slots, 0, slots, 0, at);
                System.arraycopy(b.slots, at + 1, slots, at, slots.length - at);
                return new Branch(b.bitmap & ~bit, slots);
            }
            Object[] slots = b.slots.clone();
            slots[at] = changed;
            return new Branch(b.bitmap, slots);
        }
        if (node instanceof Leaf l) {
            if (l.key.equals(leaf.key)) {
                return leaf.entries == null ? null : leaf;
            }
            if (leaf.entries == null) {
                return l;
            }
            return split(l, hash(l.key), leaf, h, shift);
        }
        Leaf[] leaves = ((Collision) node).leaves;
        for (int i = 0; i < leaves.length; i++) {
            if (leaves[i].key.equals(leaf.key)) {
                if (leaf.entries != null) {
                    Leaf[] copy = leaves.clone();
                    copy[i] = leaf;
                    return new Collision(copy);
                }
                if (leaves.length == 1) {
                    return null;
                }
                Leaf[] fewer = new Leaf[leaves.length - 1];
                System.arraycopy(leaves, 0, fewer, 0, i);
                System.arraycopy(leaves, i + 1, fewer, i, fewer.length - i);
                return new Collision(fewer);
            }
        }
        if (leaf.entries == null) {
            return node;
        }
        Leaf[] more = Arrays.copyOf(leaves, leaves.length + 1);
        more[leaves.length] = leaf;
        return new Collision(more);
    }

    /** Two leaves that met at {@code shift}: branches down to where their hashes part. */
    private static Object split(Leaf a, int ha, Leaf b, int hb, int shift) {
        if (shift > DEEPEST) {
            return new Collision(new Leaf[] {a, b});
        }
        int ia = (ha >>> shift) & 31;
        int ib = (hb >>> shift) & 31;
        if (ia == ib) {
            return new Branch(1 << ia, new Object[] {split(a, ha, b, hb, shift + BITS)});
        }
        return ia < ib ? new Branch(1 << ia | 1 << ib, new Object[] {a, b})
                : new Branch(1 << ia | 1 << ib, new Object[] {b, a});
    }
}
