package io.ganglion.balancer.pattern;

import java.util.Arrays;

/**
 * A persistent, path-compressed binary trie of networks (one per address family), answering the
 * longest prefix that contains an address, as HAProxy's IP trees do for {@code -m ip} and
 * {@code map_ip}.
 *
 * <p>Immutable: {@link #with} and {@link #without} copy only the nodes on the path to the changed
 * network (at most one per bit of the key, about log2(n) for spread networks) and share the rest,
 * so adding one network to a million-entry tree writes a few hundred bytes and the tree a request
 * holds never changes under it. Path compression keeps the tree at under two nodes per network.
 *
 * <p>Networks of the same prefix (duplicates, which HAProxy keeps) share a node; the first added
 * answers, as in HAProxy's trees.
 *
 * <p>A node keeps of its entries only what a lookup answers and a change needs: each entry's id
 * and map value (the value string is shared, {@link ValueInterner}). The entries themselves (their
 * key as written, their version) are the reference's ({@link EntryLog}); {@code get map} finds the
 * entry an id names there. A million-network map then has no object per network at all.
 *
 * <p>The nodes are not objects but rows of a {@code long[]} beside columns of ids and values
 * ({@link Columns}: a node is a row number, its subtrees are row numbers). A million-network map
 * has two million nodes; as objects the collector copied each out of the young generation and
 * marked it again at every full collection while the map grew, about a third of the whole load's
 * CPU. As rows they are a few arrays the collector does not trace, but for the values' column.
 *
 * <p>The price: rows a path copy leaves behind are reclaimed by a compaction once they outnumber
 * the live ones, where node objects died young. The version that may append knows which rows it no
 * longer reaches (a bit each), so a compaction copies the live rows in one pass in row order, not by
 * a walk of the tree (a cache miss a row): a million spread networks added one at a time take about
 * 1.0 s of CPU on the adding thread ({@code MillionNetworksMeasure}; 1.9 s with the walk, 1.1 s with
 * node objects), loaded by payloads 0.7 s ({@code PayloadLoadMeasure}; 1.15 s with the walk).
 */
final class IpPrefixTree {
    /** The index of no node: column rows start at 1, so a fresh array's zeros mean "no subtree". */
    private static final int NONE = 0;
    /** The id column's mark of a row without entries: ids are never negative. */
    static final long NO_ENTRY = PatternIndex.NO_MATCH;
    /** Fewer dead rows than this are not worth a compaction. */
    private static final int MIN_DEAD_TO_COMPACT = 4096;

    static final IpPrefixTree EMPTY = new IpPrefixTree(new Columns(16), NONE, 1, 0);

    private final Columns columns;
    private final int root;
    /** The rows this version was made with are {@code [1, end)}: later rows belong to versions made after. */
    private final int end;
    /** Rows below {@code end} that this version no longer reaches (copied on a path, removed). */
    private final int dead;

    private IpPrefixTree(Columns columns, int root, int end, int dead) {
        this.columns = columns;
        this.root = root;
        this.end = end;
        this.dead = dead;
    }

    /**
     * The nodes, one row each: the prefix ({@code length} bits of hi/lo), the rows of the two
     * subtrees by the next bit, and the entries of exactly that prefix: the first one's id
     * ({@link #NO_ENTRY} on a branching node that has none) and value (a {@code String}, null in an
     * ACL), or, for duplicates, {@link Duplicates} holding all of them in the order they were added.
     *
     * <p>Shared by successive versions of a tree: a row is written only while the version being
     * built is the only one that can reach it (rows appended after every published version's
     * {@code end}), then never again, and readers reach a version only through the volatile
     * publication of its index, so they see its rows whole. Only the newest version may append
     * ({@link #claimedBy}); any other is copied to columns of its own first. The chunk tables are
     * final: growing makes new columns, which the version being built moves to, and readers of older
     * versions keep reading the old ones.
     *
     * <p>The rows are kept in chunks of {@value #CHUNK} rows, not in one array that doubles: growing
     * a million-network tree by doubling copied every row at each step and left the old arrays (tens
     * of megabytes) to the old generation, whose filling forced the full collections of a map load,
     * and the copy needed both arrays at once (a million networks by payloads ran out of the
     * balancer's 256 MiB heap). A new chunk is allocated once and never copied; only the first chunk
     * grows by doubling up to {@value #CHUNK} rows, so a small ACL's tree stays small.
     *
     * <p>A row is two longs side by side in its chunk of {@code rows} (the prefix's high 64 bits,
     * then its length, whether it has entries and the two subtrees' rows packed in one), so a lookup
     * reads one cache line per node, as it did with node objects, and the values' column (apart:
     * the collector traces it) only for the longest match. {@code lo} (the low 64 bits of a prefix) is
     * null until an IPv6 prefix longer than 64 bits needs it: an IPv4 node is 20 bytes. A subtree's
     * row takes 27 bits: at most {@value #MAX_ROWS} rows a tree.
     */
    private static final class Columns {
        static final int MAX_ROWS = (1 << 27) - 1;
        static final int CHUNK_BITS = 14;
        static final int CHUNK = 1 << CHUNK_BITS;
        private static final int IN_CHUNK = CHUNK - 1;
        private static final long HAS_ENTRIES = 1L << 55;
        private static final long ROW_BITS = MAX_ROWS;

        /** Per row: hi, then length (top 8 bits), {@link #HAS_ENTRIES}, one (bits 27-53), zero (low 27). */
        final long[][] rows;
        final long[][] lo;
        final long[][] ids;
        final Object[][] values;
        private final int capacity;
        /** The {@code end} of the version that may append here next; -1 while a batch builds on them. Control loop only. */
        int claimedBy;
        /**
         * The rows the newest version (the one that may append) no longer reaches, a bit each, so a
         * compaction can copy the live rows in one pass in row order. Carried to the columns it
         * grows into; older versions' columns never use it. Control loop only.
         */
        long[] deadRows = new long[1];

        /** Columns of one chunk of {@code capacity} rows (at most {@link #CHUNK}). */
        Columns(int capacity) {
            this(new long[][] {new long[2 * capacity]}, null, new long[][] {new long[capacity]}, new Object[][] {new Object[capacity]}, capacity);
        }

        private Columns(long[][] rows, long[][] lo, long[][] ids, Object[][] values, int capacity) {
            this.rows = rows;
            this.lo = lo;
            this.ids = ids;
            this.values = values;
            this.capacity = capacity;
        }

        int capacity() {
            return capacity;
        }

        /**
         * The same rows with room for more: the first chunk doubled while it is under a chunk, else
         * one more chunk; the chunks already full are shared, not copied.
         */
        Columns grown() {
            if (capacity < CHUNK) {
                int c = Math.min(CHUNK, capacity * 2);
                long[][] l = lo == null ? null : new long[][] {Arrays.copyOf(lo[0], c)};
                return carryingDeadRows(new Columns(new long[][] {Arrays.copyOf(rows[0], 2 * c)}, l,
                        new long[][] {Arrays.copyOf(ids[0], c)}, new Object[][] {Arrays.copyOf(values[0], c)}, c));
            }
            int k = rows.length;
            long[][] r = Arrays.copyOf(rows, k + 1);
            r[k] = new long[2 * CHUNK];
            long[][] i = Arrays.copyOf(ids, k + 1);
            i[k] = new long[CHUNK];
            Object[][] v = Arrays.copyOf(values, k + 1);
            v[k] = new Object[CHUNK];
            long[][] l = null;
            if (lo != null) {
                l = Arrays.copyOf(lo, k + 1);
                l[k] = new long[CHUNK];
            }
            return carryingDeadRows(new Columns(r, l, i, v, capacity + CHUNK));
        }

        private Columns carryingDeadRows(Columns next) {
            next.deadRows = deadRows;
            return next;
        }

        void markDead(int n) {
            if (n >>> 6 >= deadRows.length) {
                deadRows = Arrays.copyOf(deadRows, Math.max(2 * deadRows.length, (n >>> 6) + 1));
            }
            deadRows[n >>> 6] |= 1L << n;
        }

        boolean isDead(int n) {
            return n >>> 6 < deadRows.length && (deadRows[n >>> 6] & 1L << n) != 0;
        }

        /** The same chunks with a {@code lo} column, zero for the rows written so far. */
        Columns withLo() {
            long[][] l = new long[rows.length][];
            for (int i = 0; i < l.length; i++) {
                l[i] = new long[values[i].length];
            }
            return carryingDeadRows(new Columns(rows, l, ids, values, capacity));
        }

        /** Writes row {@code n}; {@code id} is the first entry's, or {@link #NO_ENTRY}. */
        void set(int n, long hi, long lo, int length, int zero, int one, long id, Object values) {
            long[] r = rows[n >>> CHUNK_BITS];
            int i = 2 * (n & IN_CHUNK);
            r[i] = hi;
            r[i + 1] = (long) length << 56 | (id != NO_ENTRY ? HAS_ENTRIES : 0) | (long) one << 27 | zero;
            if (this.lo != null) {
                this.lo[n >>> CHUNK_BITS][n & IN_CHUNK] = lo;
            }
            this.ids[n >>> CHUNK_BITS][n & IN_CHUNK] = id;
            this.values[n >>> CHUNK_BITS][n & IN_CHUNK] = values;
        }

        long hi(int n) {
            return rows[n >>> CHUNK_BITS][2 * (n & IN_CHUNK)];
        }

        private long meta(int n) {
            return rows[n >>> CHUNK_BITS][2 * (n & IN_CHUNK) + 1];
        }

        private void setMeta(int n, long meta) {
            rows[n >>> CHUNK_BITS][2 * (n & IN_CHUNK) + 1] = meta;
        }

        long lo(int n) {
            return lo == null ? 0 : lo[n >>> CHUNK_BITS][n & IN_CHUNK];
        }

        /** The first entry's id, or {@link #NO_ENTRY}. */
        long id(int n) {
            return ids[n >>> CHUNK_BITS][n & IN_CHUNK];
        }

        /** The value of the one entry, or the {@link Duplicates}; null without entries. */
        Object values(int n) {
            return values[n >>> CHUNK_BITS][n & IN_CHUNK];
        }

        /** The value of the entry that answers (the first added). */
        String firstValue(int n) {
            Object v = values(n);
            return v instanceof Duplicates d ? d.values[0] : (String) v;
        }

        /** The prefix length, 0 to 128. */
        int length(int n) {
            return (int) (meta(n) >>> 56);
        }

        int zero(int n) {
            return (int) (meta(n) & ROW_BITS);
        }

        int one(int n) {
            return (int) (meta(n) >>> 27 & ROW_BITS);
        }

        boolean hasEntries(int n) {
            return (meta(n) & HAS_ENTRIES) != 0;
        }

        /** The entries of row {@code n}: {@code id} {@link #NO_ENTRY} for none. */
        void setEntries(int n, long id, Object v) {
            ids[n >>> CHUNK_BITS][n & IN_CHUNK] = id;
            values[n >>> CHUNK_BITS][n & IN_CHUNK] = v;
            setMeta(n, id != NO_ENTRY ? meta(n) | HAS_ENTRIES : meta(n) & ~HAS_ENTRIES);
        }

        /** Row {@code n}'s entries with one more after them. */
        void appendEntry(int n, long id, String value) {
            if (!hasEntries(n)) {
                setEntries(n, id, value);
                return;
            }
            Object v = values(n);
            Duplicates before = v instanceof Duplicates d ? d : Duplicates.of(id(n), (String) v);
            setEntries(n, id(n), before.plus(id, value));
        }

        /** Whether row {@code n} holds the entry of that id. */
        boolean holds(int n, long id) {
            Object v = values(n);
            return v instanceof Duplicates d ? d.indexOf(id) >= 0 : hasEntries(n) && id(n) == id;
        }

        /** Row {@code n}'s entries without the one of that id, which it {@link #holds}. */
        void dropEntry(int n, long id) {
            if (!(values(n) instanceof Duplicates d)) {
                setEntries(n, NO_ENTRY, null);
                return;
            }
            Duplicates left = d.minus(d.indexOf(id));
            if (left.ids.length == 1) {
                setEntries(n, left.ids[0], left.values[0]);
            } else {
                setEntries(n, left.ids[0], left);
            }
        }

        /** The entry of that id in row {@code n}, if it holds it, with {@code value}. */
        void replaceEntry(int n, long id, String value) {
            Object v = values(n);
            if (v instanceof Duplicates d) {
                int i = d.indexOf(id);
                if (i >= 0) {
                    setEntries(n, id(n), d.with(i, value));
                }
            } else if (hasEntries(n) && id(n) == id) {
                setEntries(n, id, value);
            }
        }

        /** The ids of row {@code n}'s entries, in order. */
        long[] idsOf(int n) {
            Object v = values(n);
            return v instanceof Duplicates d ? d.ids.clone() : hasEntries(n) ? new long[] {id(n)} : new long[0];
        }

        int child(int n, int bit) {
            return bit == 0 ? zero(n) : one(n);
        }

        void setChild(int n, int bit, int child) {
            int shift = bit == 0 ? 0 : 27;
            setMeta(n, meta(n) & ~(ROW_BITS << shift) | (long) child << shift);
        }
    }

    /**
     * Many changes, in order, to one tree, published as one: rows the batch appended are changed in
     * place, so its cost is that of building the new part, not of a path copy per entry. Confined to
     * the thread that made it; {@link #tree()} ends it (a later change would change a published
     * tree, so it is refused).
     */
    static final class Batch {
        private Columns columns;
        private int root;
        private int end;
        private int dead;
        /** Rows from here on were appended by this batch: it may change them. */
        private final int start;
        private boolean done;

        private Batch(IpPrefixTree from) {
            if (from.columns.claimedBy == from.end && from.end > 1) {
                columns = from.columns;
                root = from.root;
                end = from.end;
                dead = from.dead;
            } else { // an older version, or the shared empty one: its columns' next rows may be another's
                Batch fresh = compacted(from.columns, from.root, Math.min(Columns.CHUNK, Math.max(16, (from.end - from.dead) * 2)));
                columns = fresh.columns;
                root = fresh.root;
                end = fresh.end;
            }
            columns.claimedBy = -1;
            start = end;
        }

        /** A batch of its own over the rows {@code root} reaches, copied into new columns. */
        private Batch(Columns columns) {
            this.columns = columns;
            this.end = 1;
            this.start = 1;
        }

        /** Adds the entry {@code id} (not negative) with its map value (null in an ACL) under {@code key}. */
        void add(IpKey key, long id, String value) {
            open();
            insert(key.hi(), key.lo(), key.length(), id, value);
        }

        /** {@link #add} of an IPv4 key packed as {@link Ipv4Text} packs it, taken without a key object. */
        void addPacked(long ipv4, long id, String value) {
            open();
            int length = Ipv4Text.length(ipv4);
            insert(((long) (int) ipv4 << 32) & IpKey.mask(length), 0, length, id, value);
        }

        void remove(IpKey key, long entryId) {
            open();
            root = remove(root, key, entryId);
        }

        void replace(IpKey key, long id, String value) {
            open();
            root = replaceIn(root, key, id, value);
        }

        IpPrefixTree tree() {
            open();
            done = true;
            if (dead >= MIN_DEAD_TO_COMPACT && dead > end - dead) { // rows copied away outnumber the live ones
                Batch fresh = squeezed(columns, root, end, end - dead);
                columns.claimedBy = Integer.MIN_VALUE;
                columns = fresh.columns;
                root = fresh.root;
                end = fresh.end;
                dead = 0;
            }
            columns.claimedBy = end;
            return new IpPrefixTree(columns, root, end, dead);
        }

        private void open() {
            if (done) {
                throw new IllegalStateException("batch already published");
            }
        }

        /**
         * Adds the entry under the prefix {@code (hi, lo)/length}, copying the path down to it
         * from the top: a node this batch did not append is copied ({@link #editable}) and its
         * parent, already the batch's own, is pointed at the copy. A loop, not a recursion: the
         * JIT compiles it as one small method (the recursive form, inlined into itself, was the
         * largest compilation of a map load).
         */
        private void insert(long hi, long lo, int keyLength, long id, String value) {
            int parent = NONE;
            int side = 0;
            int n = root;
            while (true) {
                if (n == NONE) {
                    link(parent, side, append(hi, lo, keyLength, NONE, NONE, id, value));
                    return;
                }
                int length = columns.length(n);
                int c = Math.min(common(columns, n, hi, lo), Math.min(length, keyLength));
                if (c == length && c == keyLength) {
                    int m = editable(n);
                    columns.appendEntry(m, id, value);
                    link(parent, side, m);
                    return;
                }
                if (c == length) { // n is a prefix of the key: go down
                    int m = editable(n);
                    link(parent, side, m);
                    parent = m;
                    side = bit(hi, lo, c);
                    n = columns.child(m, side);
                    continue;
                }
                int leaf = append(hi, lo, keyLength, NONE, NONE, id, value);
                if (c == keyLength) { // the key is a prefix of n: its node above n
                    setChild(leaf, bitOf(columns, n, c), n);
                    link(parent, side, leaf);
                    return;
                }
                // they part at bit c: a branching node of their common prefix
                int fork = append(hi & IpKey.mask(c), lo & IpKey.mask(c - 64), c, NONE, NONE, NO_ENTRY, null);
                int keySide = bit(hi, lo, c);
                setChild(fork, keySide, leaf);
                setChild(fork, 1 - keySide, n);
                link(parent, side, fork);
                return;
            }
        }

        /** Makes {@code child} the root, or the {@code side} subtree of {@code parent}, a row of this batch. */
        private void link(int parent, int side, int child) {
            if (parent == NONE) {
                root = child;
            } else {
                setChild(parent, side, child);
            }
        }

        private int remove(int n, IpKey key, long id) {
            if (n == NONE || columns.length(n) > key.length() || common(columns, n, key) < columns.length(n)) {
                return n;
            }
            int m;
            if (columns.length(n) == key.length()) {
                if (!columns.holds(n, id)) {
                    return n;
                }
                m = editable(n);
                columns.dropEntry(m, id);
            } else {
                int bit = key.bit(columns.length(n));
                int child = columns.child(n, bit);
                int newChild = remove(child, key, id);
                if (newChild == child) {
                    return n;
                }
                m = editable(n);
                setChild(m, bit, newChild);
            }
            // keep the tree compressed: a node with no entries needs both subtrees to exist
            if (!columns.hasEntries(m) && (columns.zero(m) == NONE || columns.one(m) == NONE)) {
                dead++;
                columns.markDead(m);
                return columns.zero(m) == NONE ? columns.one(m) : columns.zero(m);
            }
            return m;
        }

        private int replaceIn(int n, IpKey key, long id, String value) {
            if (n == NONE || columns.length(n) > key.length() || common(columns, n, key) < columns.length(n)) {
                return n;
            }
            if (columns.length(n) == key.length()) {
                int m = editable(n);
                columns.replaceEntry(m, id, value);
                return m;
            }
            int bit = key.bit(columns.length(n));
            int child = replaceIn(columns.child(n, bit), key, id, value);
            int m = editable(n);
            setChild(m, bit, child);
            return m;
        }

        /** {@code n} when this batch appended it (so may still change it), else a copy of it the batch owns. */
        private int editable(int n) {
            if (n >= start) {
                return n;
            }
            dead++;
            columns.markDead(n);
            return append(columns.hi(n), columns.lo(n), columns.length(n), columns.zero(n), columns.one(n), columns.id(n), columns.values(n));
        }

        private void setChild(int n, int bit, int child) {
            columns.setChild(n, bit, child);
        }

        private int append(long hi, long lo, int length, int zero, int one, long id, Object values) {
            if (end == columns.capacity() || lo != 0 && columns.lo == null) {
                grow(lo);
            }
            int n = end++;
            columns.set(n, hi, lo, length, zero, one, id, values);
            return n;
        }

        /** Room for one more row, and a {@code lo} column when {@code lo} needs one (apart: rare, and kept out of the JIT's hot code). */
        private void grow(long lo) {
            if (end > Columns.MAX_ROWS) {
                throw new IllegalStateException("more than " + Columns.MAX_ROWS + " nodes in one address family's tree");
            }
            Columns grown = end == columns.capacity() ? columns.grown() : columns;
            grown = lo != 0 && grown.lo == null ? grown.withLo() : grown;
            columns.claimedBy = Integer.MIN_VALUE; // the old tables stay with the versions already published
            columns = grown;
            columns.claimedBy = -1;
        }

        /** The rows {@code root} reaches in {@code from}, copied into new columns of {@code capacity} rows. */
        private static Batch compacted(Columns from, int root, int capacity) {
            Batch b = new Batch(new Columns(capacity));
            b.root = b.copyFrom(from, root);
            return b;
        }

        /**
         * The rows below {@code end} that {@code root} reaches, {@code live} of them, renumbered in
         * their order into new columns, in one pass over the rows. The dead ones are known
         * ({@link Columns#deadRows}), so there is no walk of the tree, whose order is scattered in
         * memory: a walk of a million-network tree missed the cache at nearly every row, and
         * compactions took a third of a million-entry load's time on the control loop.
         */
        private static Batch squeezed(Columns from, int root, int end, int live) {
            long[] deadRows = from.deadRows;
            int words = (end + 63) >>> 6;
            int[] deadBefore = new int[words + 1]; // dead rows in the words before each word
            for (int w = 0; w < words; w++) {
                deadBefore[w + 1] = deadBefore[w] + (w < deadRows.length ? Long.bitCount(deadRows[w]) : 0);
            }
            Batch b = new Batch(new Columns(Math.min(Columns.CHUNK, Math.max(16, live + 1))));
            for (int n = 1; n < end; n++) {
                if (!from.isDead(n)) {
                    b.append(from.hi(n), from.lo(n), from.length(n), renumbered(from.zero(n), deadRows, deadBefore),
                            renumbered(from.one(n), deadRows, deadBefore), from.id(n), from.values(n));
                }
            }
            b.root = renumbered(root, deadRows, deadBefore);
            return b;
        }

        /** A live row's number once the dead rows before it are squeezed out. */
        private static int renumbered(int n, long[] deadRows, int[] deadBefore) {
            if (n == NONE) {
                return NONE;
            }
            int w = n >>> 6;
            return n - deadBefore[w] - (w < deadRows.length ? Long.bitCount(deadRows[w] & (1L << n) - 1) : 0);
        }

        private int copyFrom(Columns from, int n) {
            if (n == NONE) {
                return NONE;
            }
            int zero = copyFrom(from, from.zero(n));
            int one = copyFrom(from, from.one(n));
            return append(from.hi(n), from.lo(n), from.length(n), zero, one, from.id(n), from.values(n));
        }
    }

    Batch batch() {
        return new Batch(this);
    }

    boolean isEmpty() {
        return root == NONE;
    }

    /** The rows this version's columns hold, reachable or not (what compaction bounds). */
    int rows() {
        return end - 1;
    }

    IpPrefixTree with(IpKey key, long id, String value) {
        Batch b = batch();
        b.add(key, id, value);
        return b.tree();
    }

    /** This tree without the entry of that id under {@code key} (an equal tree when it is not there). */
    IpPrefixTree without(IpKey key, long entryId) {
        Batch b = batch();
        b.remove(key, entryId);
        return b.tree();
    }

    /** This tree with {@code value} for the entry of that id under {@code key}. */
    IpPrefixTree replacing(IpKey key, long id, String value) {
        Batch b = batch();
        b.replace(key, id, value);
        return b.tree();
    }

    /** The id of the first entry of the longest prefix containing {@code address}, or {@link #NO_ENTRY}. */
    long longestMatchId(IpKey address) {
        int n = longestMatch(address);
        return n == NONE ? NO_ENTRY : columns.id(n);
    }

    /**
     * The value of the first entry of the longest prefix containing {@code address}; null when none
     * contains it (or when that entry has no value, in an ACL's tree).
     */
    String longestMatchValue(IpKey address) {
        int n = longestMatch(address);
        return n == NONE ? null : columns.firstValue(n);
    }

    /** The row of the longest prefix with entries containing {@code address}, or {@link #NONE}. */
    private int longestMatch(IpKey address) {
        Columns c = columns;
        int best = NONE;
        int n = root;
        while (n != NONE) {
            int length = c.length(n);
            if (common(c, n, address) < length) {
                break;
            }
            if (c.hasEntries(n)) {
                best = n;
            }
            if (length >= address.length()) {
                break;
            }
            n = c.child(n, address.bit(length));
        }
        return best;
    }

    /** The ids of the entries of exactly {@code key}'s prefix, in the order added; empty when none. */
    long[] exactIds(IpKey key) {
        Columns c = columns;
        int n = root;
        while (n != NONE && c.length(n) <= key.length() && common(c, n, key) >= c.length(n)) {
            if (c.length(n) == key.length()) {
                return c.idsOf(n);
            }
            n = c.child(n, key.bit(c.length(n)));
        }
        return new long[0];
    }

    private static int common(Columns c, int n, IpKey k) {
        return common(c, n, k.hi(), k.lo());
    }

    /** How many leading bits row {@code n}'s prefix shares with {@code (hi, lo)}. */
    private static int common(Columns c, int n, long hi, long lo) {
        long x = c.hi(n) ^ hi;
        return x != 0 ? Long.numberOfLeadingZeros(x) : 64 + Long.numberOfLeadingZeros(c.lo(n) ^ lo);
    }

    /** Bit {@code index} (0 the highest) of the 128 bits {@code (hi, lo)}, as {@link IpKey#bit}. */
    private static int bit(long hi, long lo, int index) {
        return (int) (index < 64 ? (hi >>> (63 - index)) & 1 : (lo >>> (127 - index)) & 1);
    }

    private static int bitOf(Columns c, int n, int index) {
        return (int) (index < 64 ? (c.hi(n) >>> (63 - index)) & 1 : (c.lo(n) >>> (127 - index)) & 1);
    }

    /** The entries of one prefix when there are several: their ids and values in the order added. Immutable. */
    private static final class Duplicates {
        final long[] ids;
        final String[] values;

        private Duplicates(long[] ids, String[] values) {
            this.ids = ids;
            this.values = values;
        }

        static Duplicates of(long id, String value) {
            return new Duplicates(new long[] {id}, new String[] {value});
        }

        Duplicates plus(long id, String value) {
            long[] i = Arrays.copyOf(ids, ids.length + 1);
            String[] v = Arrays.copyOf(values, values.length + 1);
            i[ids.length] = id;
            v[values.length] = value;
            return new Duplicates(i, v);
        }

        int indexOf(long id) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == id) {
                    return i;
                }
            }
            return -1;
        }

        Duplicates minus(int at) {
            long[] i = new long[ids.length - 1];
            String[] v = new String[values.length - 1];
            System.arraycopy(ids, 0, i, 0, at);
            System.arraycopy(ids, at + 1, i, at, i.length - at);
            System.arraycopy(values, 0, v, 0, at);
            System.arraycopy(values, at + 1, v, at, v.length - at);
            return new Duplicates(i, v);
        }

        Duplicates with(int at, String value) {
            String[] v = values.clone();
            v[at] = value;
            return new Duplicates(ids, v);
        }
    }
}
