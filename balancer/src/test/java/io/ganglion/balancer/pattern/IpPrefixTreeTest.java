package io.ganglion.balancer.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree against the plainest model of it (a list of networks searched whole), through many
 * versions that share their rows: every version a request could hold must answer as it did when it
 * was made, whatever was built after it, from it or from an older one, and across compactions.
 */
class IpPrefixTreeTest {
    /** One network with its entries in the order added, as the model keeps it. */
    private record Network(IpKey key, List<PatternEntry> entries) {
    }

    private static final class Model {
        final List<Network> networks = new ArrayList<>();

        Model copy() {
            Model m = new Model();
            networks.forEach(n -> m.networks.add(new Network(n.key(), new ArrayList<>(n.entries()))));
            return m;
        }

        void add(IpKey key, PatternEntry e) {
            for (Network n : networks) {
                if (n.key().equals(key)) {
                    n.entries().add(e);
                    return;
                }
            }
            networks.add(new Network(key, new ArrayList<>(List.of(e))));
        }

        void remove(IpKey key, long id) {
            networks.forEach(n -> {
                if (n.key().equals(key)) {
                    n.entries().removeIf(e -> e.id() == id);
                }
            });
            networks.removeIf(n -> n.entries().isEmpty());
        }

        PatternEntry longestMatch(IpKey address) {
            Network best = null;
            for (Network n : networks) {
                IpKey masked = address.v4() ? IpKey.of4((int) (address.hi() >>> 32), n.key().length())
                        : IpKey.of6(address.hi(), address.lo(), n.key().length());
                if (n.key().v4() == address.v4() && masked.equals(n.key()) && (best == null || n.key().length() > best.key().length())) {
                    best = n;
                }
            }
            return best == null ? null : best.entries().get(0);
        }
    }

    private static IpKey randomKey(Random r, boolean v6) {
        if (!v6) {
            // a small space, so networks nest, repeat and part at every depth
            return IpKey.of4(0x0A00_0000 | r.nextInt(1 << 12) << 12, r.nextInt(33));
        }
        long hi = 0x2001_0db8_0000_0000L | (long) r.nextInt(256) << 8;
        long lo = r.nextBoolean() ? 0 : (long) r.nextInt(16) << 60 | r.nextInt(4);
        return IpKey.of6(hi, lo, r.nextInt(129));
    }

    private static IpKey randomAddress(Random r, boolean v6) {
        IpKey k = randomKey(r, v6);
        return v6 ? IpKey.of6(k.hi() | r.nextInt(256), k.lo() | r.nextInt(16), 128) : IpKey.of4((int) (k.hi() >>> 32) | r.nextInt(1 << 12), 32);
    }

    /** What the tree answers for an address, the id and value of the entry it finds, as {@link #answer(PatternEntry)} tells the model's. */
    private static String answer(IpPrefixTree tree, IpKey address) {
        long id = tree.longestMatchId(address);
        return id == IpPrefixTree.NO_ENTRY ? "none" : id + "=" + tree.longestMatchValue(address);
    }

    private static String answer(PatternEntry e) {
        return e == null ? "none" : e.id() + "=" + e.value();
    }

    @Test
    void everyVersionAnswersAsTheModelDidWhenItWasMade() {
        for (boolean v6 : new boolean[] {false, true}) {
            Random r = new Random(v6 ? 6 : 4);
            List<IpPrefixTree> trees = new ArrayList<>(List.of(IpPrefixTree.EMPTY));
            List<Model> models = new ArrayList<>(List.of(new Model()));
            long id = 0;
            for (int step = 0; step < 250; step++) {
                // mostly from the newest version, sometimes from an older one (a refused change, a commit from empty)
                int from = r.nextInt(10) == 0 ? r.nextInt(trees.size()) : trees.size() - 1;
                IpPrefixTree tree = trees.get(from);
                Model model = models.get(from).copy();
                int what = r.nextInt(10);
                if (what < 6) { // a batch of additions, as a payload
                    IpPrefixTree.Batch batch = tree.batch();
                    for (int i = r.nextInt(60); i >= 0; i--) {
                        IpKey k = randomKey(r, v6);
                        PatternEntry e = new PatternEntry(++id, "k", "v" + id, 0);
                        batch.add(k, e.id(), e.value());
                        model.add(k, e);
                    }
                    tree = batch.tree();
                } else if (what < 9 && !model.networks.isEmpty()) { // deletions one at a time, as del acl
                    for (int i = r.nextInt(30); i >= 0 && !model.networks.isEmpty(); i--) {
                        Network n = model.networks.get(r.nextInt(model.networks.size()));
                        long gone = n.entries().get(r.nextInt(n.entries().size())).id();
                        tree = tree.without(n.key(), gone);
                        model.remove(n.key(), gone);
                    }
                } else { // one addition, as add acl
                    IpKey k = randomKey(r, v6);
                    PatternEntry e = new PatternEntry(++id, "k", "v" + id, 0);
                    tree = tree.with(k, e.id(), e.value());
                    model.add(k, e);
                }
                trees.add(tree);
                models.add(model);
                for (int check = 0; check < 20; check++) { // the new version and an older one
                    int v = check % 2 == 0 ? trees.size() - 1 : r.nextInt(trees.size());
                    IpKey address = randomAddress(r, v6);
                    assertThat(answer(trees.get(v), address)).as("version %d, %s", v, address).isEqualTo(answer(models.get(v).longestMatch(address)));
                }
            }
            for (int v = 0; v < trees.size(); v += 7) { // every network of a version in seven, found exactly
                for (Network n : models.get(v).networks) {
                    assertThat(trees.get(v).exactIds(n.key())).containsExactly(n.entries().stream().mapToLong(PatternEntry::id).toArray());
                }
            }
        }
    }

    /**
     * A growing tree allocates its rows once: chunks, not one array doubled and copied at each step
     * (which, for a million networks, left tens of megabytes of copies to the old generation, forced
     * full collections, and needed both arrays at once). Older versions keep answering across the
     * chunks, and across a {@code lo} column added to every chunk when a long IPv6 prefix comes.
     */
    @Test
    void aLargeTreeGrowsInChunksWithoutCopyingItsRows() {
        int n = 100_000;
        IpKey[] keys = new IpKey[n];
        PatternEntry[] entries = new PatternEntry[n];
        for (int i = 0; i < n; i++) { // spread /24s, as a GeoIP list
            keys[i] = IpKey.of4((1 + (int) ((long) i * 7919 % 223)) << 24 | (i & 0xFFFF) << 8, 24);
            entries[i] = new PatternEntry(i + 1, "k", "v", 0);
        }
        IpPrefixTree first = IpPrefixTree.EMPTY.with(IpKey.of4(0xE000_0000, 8), 0, "v");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();
        IpPrefixTree.Batch batch = first.batch();
        for (int i = 0; i < n; i++) {
            batch.add(keys[i], entries[i].id(), entries[i].value());
        }
        IpPrefixTree loaded = batch.tree();
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocated0;

        // 28 bytes a row (two longs, an id and a value reference), a last chunk partly used; doubling: 2.6x
        assertThat(allocated).isLessThan(loaded.rows() * 28L * 5 / 4 + 400_000);
        for (int i = 0; i < n; i += 97) {
            assertThat(answer(loaded, IpKey.of4((int) (keys[i].hi() >>> 32) | 9, 32))).isEqualTo(answer(entries[i]));
            assertThat(first.longestMatchId(IpKey.of4((int) (keys[i].hi() >>> 32) | 9, 32))).isEqualTo(IpPrefixTree.NO_ENTRY);
        }

        IpPrefixTree.Batch v6 = IpPrefixTree.EMPTY.batch();
        for (int i = 0; i < 40_000; i++) {
            v6.add(IpKey.of6(0x2001_0db8_0000_0000L | (long) i << 16, 0, 48), entries[i].id(), entries[i].value());
        }
        IpPrefixTree short6 = v6.tree();
        PatternEntry host = new PatternEntry(n + 1, "k", "v", 0);
        IpKey hostKey = IpKey.of6(0x2001_0db8_0000_0000L | 7L << 16, 0x1234, 128);
        IpPrefixTree long6 = short6.with(hostKey, host.id(), host.value()); // needs the lo column, in every chunk
        for (int i = 0; i < 40_000; i += 37) {
            IpKey address = IpKey.of6(0x2001_0db8_0000_0000L | (long) i << 16, 0x1234, 128);
            assertThat(answer(long6, address)).isEqualTo(answer(i == 7 ? host : entries[i]));
            assertThat(answer(short6, address)).isEqualTo(answer(entries[i]));
        }
        assertThat(answer(long6, hostKey)).isEqualTo(answer(host));
        assertThat(answer(short6, hostKey)).isEqualTo(answer(entries[7]));
    }

    /**
     * Compactions (the rows a version no longer reaches squeezed out, the live ones renumbered)
     * change no answer, of the new version nor of the versions published before them.
     */
    @Test
    void manySingleChangesAnswerAsTheModelAcrossCompactions() {
        for (boolean v6 : new boolean[] {false, true}) {
            Random r = new Random(v6 ? 16 : 14);
            IpPrefixTree tree = IpPrefixTree.EMPTY;
            Model model = new Model();
            List<IpPrefixTree> kept = new ArrayList<>();
            List<Model> keptModels = new ArrayList<>();
            long id = 0;
            for (int step = 0; step < 12_000; step++) {
                if (r.nextInt(3) > 0 || model.networks.isEmpty()) { // one addition, as add acl
                    IpKey k = randomKey(r, v6);
                    PatternEntry e = new PatternEntry(++id, "k", "v" + id, 0);
                    tree = tree.with(k, e.id(), e.value());
                    model.add(k, e);
                } else { // one deletion, as del acl
                    Network n = model.networks.get(r.nextInt(model.networks.size()));
                    long gone = n.entries().get(r.nextInt(n.entries().size())).id();
                    tree = tree.without(n.key(), gone);
                    model.remove(n.key(), gone);
                }
                if (step % 1000 == 999) {
                    kept.add(tree);
                    keptModels.add(model.copy());
                }
            }
            assertThat(tree.rows()).isLessThan(4 * 2 * model.networks.size() + 20_000); // compacted on the way
            for (int v = 0; v < kept.size(); v++) {
                for (int check = 0; check < 100; check++) {
                    IpKey address = randomAddress(r, v6);
                    assertThat(answer(kept.get(v), address)).as("version %d, %s", v, address).isEqualTo(answer(keptModels.get(v).longestMatch(address)));
                }
                for (Network n : keptModels.get(v).networks) {
                    assertThat(kept.get(v).exactIds(n.key())).containsExactly(n.entries().stream().mapToLong(PatternEntry::id).toArray());
                }
            }
        }
    }

    /** Rows copied away by path copies and removals are squeezed out once they outnumber the live ones. */
    @Test
    void deletingOneAtATimeDoesNotGrowTheRowsWithoutBound() {
        IpPrefixTree.Batch batch = IpPrefixTree.EMPTY.batch();
        for (int i = 0; i < 20_000; i++) {
            batch.add(IpKey.of4(0x0A00_0000 + i * 256, 24), i, "v");
        }
        IpPrefixTree tree = batch.tree();
        int full = tree.rows();
        for (int i = 0; i < 20_000; i++) { // each removal copies a path of about 15 rows
            tree = tree.without(IpKey.of4(0x0A00_0000 + i * 256, 24), i);
        }
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.rows()).isLessThanOrEqualTo(full);
    }

    @Test
    void aSetValueReplacesTheEntryInTheNewVersionOnly() {
        IpKey net = IpKey.of6(0x2001_0db8_0000_0000L, 1, 128);
        IpPrefixTree before = IpPrefixTree.EMPTY.with(net, 1, "A").with(IpKey.of6(0x2001_0db8_0000_0000L, 0, 64), 2, "B");
        IpPrefixTree after = before.replacing(net, 1, "C");
        assertThat(answer(after, net)).isEqualTo("1=C");
        assertThat(answer(before, net)).isEqualTo("1=A");
        assertThat(answer(after, IpKey.of6(0x2001_0db8_0000_0000L, 2, 128))).isEqualTo("2=B");
    }

    /** Duplicates of one prefix: the first added answers; removing it, the next; a new value changes only its own entry. */
    @Test
    void duplicatesAnswerInTheOrderAddedAndSurviveRemovalsAndNewValues() {
        IpKey net = IpKey.of4(0xC633_6400, 24);
        IpKey address = IpKey.of4(0xC633_6407, 32);
        IpPrefixTree three = IpPrefixTree.EMPTY.with(net, 1, "A").with(net, 2, "B").with(net, 3, "C");
        assertThat(answer(three, address)).isEqualTo("1=A");
        assertThat(three.exactIds(net)).containsExactly(1, 2, 3);
        IpPrefixTree renamed = three.replacing(net, 2, "b");
        IpPrefixTree withoutFirst = renamed.without(net, 1);
        assertThat(answer(withoutFirst, address)).isEqualTo("2=b");
        assertThat(withoutFirst.exactIds(net)).containsExactly(2, 3);
        IpPrefixTree lastOnly = withoutFirst.without(net, 2);
        assertThat(answer(lastOnly, address)).isEqualTo("3=C");
        assertThat(lastOnly.without(net, 3).isEmpty()).isTrue();
        assertThat(lastOnly.without(net, 99).exactIds(net)).containsExactly(3);
        assertThat(answer(three, address)).isEqualTo("1=A"); // the versions made before are as they were
        assertThat(three.exactIds(net)).containsExactly(1, 2, 3);
    }
}
