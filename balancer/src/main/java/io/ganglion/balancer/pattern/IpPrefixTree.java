package io.ganglion.balancer.pattern;

/**
 * A persistent, path-compressed binary trie of networks (one per address family), answering the
 * longest prefix that contains an address, as HAProxy's IP trees do for {@code -m ip} and
 * {@code map_ip}.
 *
 * <p>Immutable: {@link #with} and {@link #without} copy only the nodes on the path to the changed
 * network (at most one per bit of the key, about log2(n) for spread networks) and share the rest,
 * so adding one network to a million-entry tree allocates a few hundred bytes and the tree a request
 * holds never changes under it. Path compression keeps the tree at under two nodes per network.
 *
 * <p>Networks of the same prefix (duplicates, which HAProxy keeps) share a node; the first added
 * answers, as in HAProxy's trees.
 */
final class IpPrefixTree {
    static final IpPrefixTree EMPTY = new IpPrefixTree(null);

    private final Node root;

    private IpPrefixTree(Node root) {
        this.root = root;
    }

    /**
     * A node: the prefix it stands for ({@code length} bits of hi/lo), its two subtrees by the next
     * bit, and the entries of exactly that prefix (null on a branching node that none has; one
     * {@link PatternEntry}, or an array of them in the order they were added).
     *
     * <p>Its subtrees and entries are written only by the {@link Batch} that made it ({@code owner}),
     * before that batch's tree is published; after that nothing writes it, and readers reach it
     * only through the volatile publication of a root, so they see it whole. A payload's entries
     * then copy each path node once per payload, not once per entry.
     *
     * <p>A prefix whose low 64 bits are zero (every IPv4 one, most IPv6 networks) has no
     * {@code lo} field: 40 bytes a node instead of 48 with compressed references, two nodes an
     * entry in a million-network map, all of them copied and marked by the collector as it grows.
     */
    private static class Node {
        final long hi;
        final int length;
        final Object owner;
        Node zero;
        Node one;
        Object entries;

        Node(long hi, int length, Node zero, Node one, Object entries, Object owner) {
            this.hi = hi;
            this.length = length;
            this.zero = zero;
            this.one = one;
            this.entries = entries;
            this.owner = owner;
        }

        static Node of(long hi, long lo, int length, Node zero, Node one, Object entries, Object owner) {
            return lo == 0 ? new Node(hi, length, zero, one, entries, owner) : new LowBitsNode(hi, lo, length, zero, one, entries, owner);
        }

        long lo() {
            return 0;
        }

        /** This node when {@code batch} made it (so may still change it), else a copy the batch owns. */
        Node editableBy(Object batch) {
            return batch != null && owner == batch ? this : of(hi, lo(), length, zero, one, entries, batch);
        }

        Node withChildren(Node z, Node o, Object batch) {
            Node n = editableBy(batch);
            n.zero = z;
            n.one = o;
            return n;
        }

        Node withEntries(Object e, Object batch) {
            Node n = editableBy(batch);
            n.entries = e;
            return n;
        }

        Node child(int bit) {
            return bit == 0 ? zero : one;
        }

        Node withChild(int bit, Node c, Object batch) {
            return bit == 0 ? withChildren(c, one, batch) : withChildren(zero, c, batch);
        }
    }

    /** A node of an IPv6 prefix longer than 64 bits with some of its low bits set. */
    private static final class LowBitsNode extends Node {
        final long lo;

        LowBitsNode(long hi, long lo, int length, Node zero, Node one, Object entries, Object owner) {
            super(hi, length, zero, one, entries, owner);
            this.lo = lo;
        }

        @Override
        long lo() {
            return lo;
        }
    }

    /**
     * Many additions, in order, to one tree, published as one: nodes the batch made are changed in
     * place, so its cost is that of building the new part, not of a path copy per entry. Confined to
     * the thread that made it; {@link #tree()} ends it (a later addition would change a published
     * tree, so it is refused).
     */
    static final class Batch {
        private Node root;
        private boolean done;

        private Batch(Node root) {
            this.root = root;
        }

        void add(IpKey key, PatternEntry entry) {
            if (done) {
                throw new IllegalStateException("batch already published");
            }
            root = insert(root, key, entry, this);
        }

        IpPrefixTree tree() {
            done = true;
            return new IpPrefixTree(root);
        }
    }

    Batch batch() {
        return new Batch(root);
    }

    boolean isEmpty() {
        return root == null;
    }

    IpPrefixTree with(IpKey key, PatternEntry entry) {
        return new IpPrefixTree(insert(root, key, entry, null));
    }

    /** This tree without the entry of that id under {@code key}; this very tree when it is not there. */
    IpPrefixTree without(IpKey key, long entryId) {
        Node n = remove(root, key, entryId);
        return n == root ? this : new IpPrefixTree(n);
    }

    /** The first entry of the longest prefix containing {@code address}, or null. */
    PatternEntry longestMatch(IpKey address) {
        Object best = null;
        Node n = root;
        while (n != null && common(n, address) >= n.length) {
            if (n.entries != null) {
                best = n.entries;
            }
            if (n.length >= address.length()) {
                break;
            }
            n = n.child(address.bit(n.length));
        }
        return Entries.first(best);
    }

    /** The entries of exactly {@code key}'s prefix, in the order added; empty when none. */
    PatternEntry[] exact(IpKey key) {
        Node n = root;
        while (n != null && n.length <= key.length() && common(n, key) >= n.length) {
            if (n.length == key.length()) {
                return Entries.all(n.entries);
            }
            n = n.child(key.bit(n.length));
        }
        return new PatternEntry[0];
    }

    /** {@code n} with the entry added; nodes owned by {@code batch} (when not null) change in place. */
    private static Node insert(Node n, IpKey key, PatternEntry entry, Object batch) {
        if (n == null) {
            return Node.of(key.hi(), key.lo(), key.length(), null, null, entry, batch);
        }
        int c = Math.min(common(n, key), Math.min(n.length, key.length()));
        if (c == n.length && c == key.length()) {
            return n.withEntries(Entries.append(n.entries, entry), batch);
        }
        if (c == n.length) { // n is a prefix of key: go down
            int bit = key.bit(c);
            return n.withChild(bit, insert(n.child(bit), key, entry, batch), batch);
        }
        Node leaf = Node.of(key.hi(), key.lo(), key.length(), null, null, entry, batch);
        if (c == key.length()) { // key is a prefix of n: key's node above n
            return leaf.withChild(bitOf(n, c), n, batch);
        }
        // they part at bit c: a branching node of their common prefix
        Node fork = Node.of(key.hi() & IpKey.mask(c), key.lo() & IpKey.mask(c - 64), c, null, null, null, batch);
        return key.bit(c) == 0 ? fork.withChildren(leaf, n, batch) : fork.withChildren(n, leaf, batch);
    }

    private static Node remove(Node n, IpKey key, long id) {
        if (n == null || n.length > key.length() || common(n, key) < n.length) {
            return n;
        }
        Node changed;
        if (n.length == key.length()) {
            Object left = Entries.drop(n.entries, id);
            if (left == n.entries) {
                return n;
            }
            changed = n.withEntries(left, null);
        } else {
            int bit = key.bit(n.length);
            Node child = n.child(bit);
            Node newChild = remove(child, key, id);
            if (newChild == child) {
                return n;
            }
            changed = n.withChild(bit, newChild, null);
        }
        // keep the tree compressed: a node with no entries needs both subtrees to exist
        if (changed.entries == null) {
            if (changed.zero == null) {
                return changed.one;
            }
            if (changed.one == null) {
                return changed.zero;
            }
        }
        return changed;
    }

    private static int common(Node n, IpKey k) {
        long x = n.hi ^ k.hi();
        return x != 0 ? Long.numberOfLeadingZeros(x) : 64 + Long.numberOfLeadingZeros(n.lo() ^ k.lo());
    }

    private static int bitOf(Node n, int index) {
        return (int) (index < 64 ? (n.hi >>> (63 - index)) & 1 : (n.lo() >>> (127 - index)) & 1);
    }

    /** This tree with {@code e} in place of the entry of the same id under {@code key}. */
    IpPrefixTree replacing(IpKey key, PatternEntry e) {
        return new IpPrefixTree(replaceIn(root, key, e));
    }

    private static Node replaceIn(Node n, IpKey key, PatternEntry e) {
        if (n == null || n.length > key.length() || common(n, key) < n.length) {
            return n;
        }
        if (n.length == key.length()) {
            return n.withEntries(Entries.replace(n.entries, e), null);
        }
        int bit = key.bit(n.length);
        return n.withChild(bit, replaceIn(n.child(bit), key, e), null);
    }
}
