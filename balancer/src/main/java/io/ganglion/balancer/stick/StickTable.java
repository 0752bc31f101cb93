package io.ganglion.balancer.stick;

import io.ganglion.balancer.proxy.LoopClock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * A stick table: entries by key, each with the data its {@code store} list names, expiring
 * {@code expire} after their last update, the least recently updated unreferenced ones dropped
 * when the table is full (unless {@code nopurge}).
 *
 * <p><b>Threads.</b> Every event loop updates entries while the control loop lists and edits
 * them. The table is split in stripes ({@link Segment}) by key hash; an operation holds one
 * stripe's monitor for a few hundred nanoseconds and never two at once. This is the one lock on
 * the data path, and a deliberate one: an entry is several words updated together (a rate's
 * period and counts, the update list), which no single CAS covers, and with up to 64 stripes two
 * loops rarely meet on one. Nothing holds a monitor across I/O or a callback.
 *
 * <p><b>Handles.</b> An entry is named by a {@code long} handle (stripe and slot). A handle stays
 * valid while the entry is held ({@link #track}); otherwise only until the monitor is released, so
 * the methods taking handles are for holders.
 *
 * <p><b>Eviction and expiry</b> follow update order within a stripe: a stripe's least recently
 * updated entries go first. A table small enough for one stripe (up to 16384 entries) is exactly
 * HAProxy's LRU; a larger one is LRU per stripe.
 */
public final class StickTable {
    /** Entries per stripe below which a table keeps a single stripe (exact LRU order). */
    private static final int ENTRIES_PER_STRIPE = 16384;
    private static final int MAX_STRIPES = 64;

    private final StickTableSpec spec;
    private final Layout layout;
    private final Segment[] segments;
    private final int segmentShift;
    private final AtomicInteger used = new AtomicInteger();
    private final LongSupplier clock;

    /** @param clock milliseconds, monotonic ({@code LoopClock.nanoTime() / 1_000_000} in the balancer) */
    public StickTable(StickTableSpec spec, LongSupplier clock) {
        this.spec = spec;
        this.layout = new Layout(spec);
        this.clock = clock;
        int stripes = 1;
        while (stripes < MAX_STRIPES && (long) stripes * ENTRIES_PER_STRIPE < spec.size()) {
            stripes <<= 1;
        }
        this.segments = new Segment[stripes];
        for (int i = 0; i < stripes; i++) {
            segments[i] = new Segment(layout.stride, layout.keyWords);
        }
        this.segmentShift = 32 - Integer.numberOfTrailingZeros(stripes);
    }

    /** A table on the balancer's clock: the milliseconds of the calling event loop's turn ({@link LoopClock}). */
    public static StickTable withLoopClock(StickTableSpec spec) {
        return new StickTable(spec, () -> LoopClock.nanoTime() / 1_000_000);
    }

    public String name() {
        return spec.name();
    }

    public StickTableSpec spec() {
        return spec;
    }

    /** {@code table_cnt}, {@code used:} of {@code show table}: entries now, expired ones not yet purged included. */
    public int used() {
        return used.get();
    }

    /** {@code table_avl}: entries that may still be added. */
    public int available() {
        return Math.max(0, spec.size() - used.get());
    }

    public boolean stores(DataType type) {
        return layout.offset(type) >= 0;
    }

    int now() {
        return (int) clock.getAsLong();
    }

    // ---- by key ----------------------------------------------------------------------------

    /**
     * The entry for {@code key}, made if there is none (dropping the oldest unreferenced entries
     * when the table is full), marked updated now.
     *
     * @return its handle, or -1 when the table is full and nothing may be dropped
     */
    public long findOrCreate(byte[] key) {
        return findOrCreate(layout.words(key), false);
    }

    /**
     * Starts tracking {@code key} as {@code track-sc*} does: finds or makes its entry, holds it
     * ({@code use=} goes up) and counts a connection on it ({@code conn_cnt}, {@code conn_cur},
     * {@code conn_rate}), as HAProxy 2.6 does whatever the rule set tracking it (measured: each
     * HTTP request tracked by {@code http-request track-sc0} counts one {@code conn_cnt}).
     *
     * @return the held entry, to {@link StickCounter#release} when the stream ends; null when the table is full
     */
    public StickCounter track(byte[] key) {
        long handle = findOrCreate(layout.words(key), true);
        return handle < 0 ? null : new StickCounter(this, handle, key);
    }

    /** The entry for {@code key} if it is there and not expired (the {@code src_*} fetches); -1 otherwise. */
    public long find(byte[] key) {
        int[] words = layout.words(key);
        int hash = Layout.hash(words);
        Segment s = segment(hash);
        synchronized (s) {
            int slot = s.find(words, hash);
            if (slot < 0 || expired(s, slot, now())) {
                return -1;
            }
            return handle(hash, slot);
        }
    }

    /**
     * {@code stick store-*}: {@code key}'s client was served by the server numbered {@code serverId}
     * whose name is entry {@code serverKey} of {@link ServerKeys}; its entry is made if need be and
     * marked updated, all under one monitor.
     *
     * @return false when the table is full and nothing may be dropped
     */
    public boolean storeServer(byte[] key, int serverId, int serverKey) {
        int idAt = layout.offset(DataType.SERVER_ID);
        int keyAt = layout.offset(DataType.SERVER_KEY);
        return findOrCreate(layout.words(key), false, (s, slot, now) -> {
            if (idAt >= 0) {
                s.arena[slot * s.stride + idAt] = serverId;
            }
            if (keyAt >= 0) {
                s.arena[slot * s.stride + keyAt] = serverKey;
            }
        }) >= 0;
    }

    /**
     * {@code stick match}: the {@code server_id} stored for {@code key}, its entry marked updated
     * (HAProxy touches a matched entry, which pushes its expiry back).
     *
     * @return the id, or -1 when the key is absent or expired (0 when an entry has no server yet)
     */
    public int matchServer(byte[] key) {
        int idAt = layout.offset(DataType.SERVER_ID);
        int[] words = layout.words(key);
        int hash = Layout.hash(words);
        Segment s = segment(hash);
        synchronized (s) {
            int slot = s.find(words, hash);
            int now = now();
            if (slot < 0 || expired(s, slot, now)) {
                return -1;
            }
            s.touch(slot, now);
            return idAt < 0 ? 0 : s.arena[slot * s.stride + idAt];
        }
    }

    /**
     * {@code src_inc_gpc0}, {@code src_clr_gpc0}: in {@code key}'s entry, made if need be and marked
     * updated, adds {@code n} to {@code count} and to {@code rate} (either may be unstored), or
     * zeroes {@code count} when {@code n} is null; all under one monitor.
     *
     * @return {@code count}'s value after an addition, before a clearing; -1 when the table is full
     */
    public long updateByKey(byte[] key, DataType count, DataType rate, Long n) {
        long[] answer = {-1};
        findOrCreate(layout.words(key), false, (s, slot, now) -> {
            if (n == null) {
                answer[0] = value(s, slot, count, now);
                store(s, slot, count, 0, now);
                return;
            }
            addLocked(s, slot, count, n, now);
            if (rate != null) {
                addLocked(s, slot, rate, n, now);
            }
            answer[0] = value(s, slot, count, now);
        });
        return answer[0];
    }

    /** {@code clear table T key K}: removes the entry unless a stream holds it. @return false when held */
    public boolean remove(byte[] key) {
        int[] words = layout.words(key);
        int hash = Layout.hash(words);
        Segment s = segment(hash);
        synchronized (s) {
            int slot = s.find(words, hash);
            if (slot < 0) {
                return true;
            }
            if (s.arena[slot * s.stride + Segment.REFS] > 0) {
                return false;
            }
            s.remove(slot);
            used.decrementAndGet();
            return true;
        }
    }

    /**
     * Reads one entry under its stripe's monitor: {@code reader} sees it as it is (nothing
     * changes it meanwhile) and its answer is returned; null when the key is absent or expired.
     */
    public <T> T read(byte[] key, EntryReader<T> reader) {
        int[] words = layout.words(key);
        int hash = Layout.hash(words);
        Segment s = segment(hash);
        synchronized (s) {
            int slot = s.find(words, hash);
            int now = now();
            if (slot < 0 || expired(s, slot, now)) {
                return null;
            }
            return reader.read(new EntryView(this, s, slot, handle(hash, slot), now));
        }
    }

    /** What {@link #read} runs on an entry. */
    @FunctionalInterface
    public interface EntryReader<T> {
        T read(EntryView entry);
    }

    // ---- by handle (held entries and the socket commands) -----------------------------------------

    /** The value of {@code type} now (a rate as read now); 0 if the table does not store it. */
    public long get(long handle, DataType type) {
        Segment s = segment(handle);
        synchronized (s) {
            return value(s, slot(handle), type, now());
        }
    }

    /** Sets {@code type} as {@code set table} does (a rate: that many in a period starting now), and marks the entry updated. */
    public void set(long handle, DataType type, long value) {
        Segment s = segment(handle);
        synchronized (s) {
            int now = now();
            store(s, slot(handle), type, value, now);
            s.touch(slot(handle), now);
        }
    }

    /**
     * Adds {@code n} to a count and its rate ({@code http_req_cnt} and {@code http_req_rate}), to
     * those of the two the table stores, and marks the entry updated. Two fixed parameters, not
     * varargs: this runs for every request of a tracked stream, and an array per call was 24 bytes
     * of garbage each time.
     */
    public void add(long handle, long n, DataType count, DataType rate) {
        Segment s = segment(handle);
        synchronized (s) {
            int now = now();
            int slot = slot(handle);
            addLocked(s, slot, count, n, now);
            addLocked(s, slot, rate, n, now);
            s.touch(slot, now);
        }
    }

    /** Adds {@code n} to {@code type} if the table stores it, and marks the entry updated. */
    public void add(long handle, long n, DataType type) {
        Segment s = segment(handle);
        synchronized (s) {
            int now = now();
            int slot = slot(handle);
            addLocked(s, slot, type, n, now);
            s.touch(slot, now);
        }
    }

    /** Adds {@code n} to {@code type} and returns its new value (the {@code sc_inc_gpc0} fetch's answer). */
    public long addAndGet(long handle, DataType type, long n) {
        Segment s = segment(handle);
        synchronized (s) {
            int now = now();
            int slot = slot(handle);
            addLocked(s, slot, type, n, now);
            s.touch(slot, now);
            return value(s, slot, type, now);
        }
    }

    /** Streams holding the entry ({@code use=}, {@code sc_trackers}). */
    public int holders(long handle) {
        Segment s = segment(handle);
        synchronized (s) {
            return s.arena[slot(handle) * s.stride + Segment.REFS];
        }
    }

    /** Lets go of a tracked entry: {@code conn_cur} down, marked updated (its expiry starts again). */
    void release(long handle) {
        Segment s = segment(handle);
        synchronized (s) {
            int slot = slot(handle);
            int base = slot * s.stride;
            s.arena[base + Segment.REFS]--;
            int cur = layout.offset(DataType.CONN_CUR);
            if (cur >= 0 && s.arena[base + cur] != 0) {
                s.arena[base + cur]--;
            }
            s.touch(slot, now());
        }
    }

    // ---- whole table --------------------------------------------------------------------------

    /**
     * Removes every entry no stream holds that {@code filter} accepts ({@code clear table}, and
     * {@code set table T} without a key, which HAProxy 2.6 treats alike).
     */
    public void removeAll(EntryFilter filter) {
        for (Segment s : segments) {
            synchronized (s) {
                int now = now();
                removeOldest(s, Integer.MAX_VALUE, slot -> true, slot -> filter.accepts(new EntryView(this, s, slot, -1, now)));
            }
        }
    }

    /** Which entries a whole-table operation concerns. */
    @FunctionalInterface
    public interface EntryFilter {
        EntryFilter ALL = e -> true;

        boolean accepts(EntryView entry);
    }

    /**
     * Purges up to {@code budget} expired unreferenced entries, a share of it per stripe and one
     * stripe at a time, so that a million entries expiring together never hold a stripe for long.
     *
     * @return true when a stripe used its whole share (expired entries may be left: run again soon)
     */
    public boolean purgeExpired(int budget) {
        if (spec.expireMs() <= 0) {
            return false;
        }
        int perStripe = Math.max(1, budget / segments.length);
        boolean more = false;
        for (Segment s : segments) {
            synchronized (s) {
                int now = now();
                more |= removeOldest(s, perStripe, slot -> expired(s, slot, now), slot -> true) == perStripe;
            }
        }
        return more;
    }

    /** How many stripes {@link #collectKeys} visits. */
    int stripes() {
        return segments.length;
    }

    /** Adds the entries of stripe {@code i} to {@code keys}, as one sorted run. */
    void collectKeys(int i, KeySnapshot keys) {
        Segment s = segments[i];
        synchronized (s) {
            int[] slots = new int[s.count()];
            int n = 0;
            for (int slot = s.oldest(); slot >= 0; slot = s.newer(slot)) {
                slots[n++] = slot;
            }
            keys.addRun(i, s.arena, s.stride, slots, n);
        }
    }

    /**
     * Runs {@code reader} on the entry a {@link KeySnapshot} points at, if it is still there and
     * not expired: at its slot when the slot still holds the key (no lookup), else by key (it was
     * removed, and perhaps made again elsewhere).
     */
    <T> T readSnapshotEntry(KeySnapshot at, EntryReader<T> reader) {
        Segment s = segments[at.stripe()];
        synchronized (s) {
            int slot = s.holds(at.slot(), at.key()) ? at.slot() : s.find(at.key(), Layout.hash(at.key()));
            int now = now();
            if (slot < 0 || expired(s, slot, now)) {
                return null;
            }
            return reader.read(new EntryView(this, s, slot, (long) at.stripe() << 32 | slot, now));
        }
    }

    Layout layout() {
        return layout;
    }

    // ---- inside a stripe's monitor --------------------------------------------------------------

    private long findOrCreate(int[] words, boolean hold) {
        return findOrCreate(words, hold, null);
    }

    /** What a caller writes in an entry while it holds the entry's stripe (its handle is valid only then). */
    @FunctionalInterface
    private interface EntryWrite {
        void write(Segment s, int slot, int now);
    }

    private long findOrCreate(int[] words, boolean hold, EntryWrite write) {
        int hash = Layout.hash(words);
        Segment s = segment(hash);
        for (int attempt = 0; attempt < 2; attempt++) {
            synchronized (s) {
                int now = now();
                int slot = s.find(words, hash);
                if (slot >= 0 && expired(s, slot, now)) {
                    // gone for HAProxy, whose purge task would have dropped it: start afresh in place
                    int base = slot * s.stride;
                    java.util.Arrays.fill(s.arena, base + Segment.KEY + layout.keyWords, base + s.stride, 0);
                }
                if (slot < 0 && reserve()) {
                    slot = s.insert(words, hash, now);
                    initRates(s, slot, now);
                }
                if (slot >= 0) {
                    s.touch(slot, now);
                    if (write != null) {
                        write.write(s, slot, now);
                    }
                    if (hold) {
                        s.arena[slot * s.stride + Segment.REFS]++;
                        addLocked(s, slot, DataType.CONN_CNT, 1, now);
                        addLocked(s, slot, DataType.CONN_CUR, 1, now);
                        addLocked(s, slot, DataType.CONN_RATE, 1, now);
                    }
                    return handle(hash, slot);
                }
            }
            if (spec.nopurge() || evictOldest((spec.size() >> 8) + 1, s) == 0) {
                return -1;
            }
        }
        return -1;
    }

    /** Takes a place in the table if there is one. */
    private boolean reserve() {
        int n;
        do {
            n = used.get();
            if (n >= spec.size()) {
                return false;
            }
        } while (!used.compareAndSet(n, n + 1));
        return true;
    }

    /**
     * Drops up to {@code batch} of the least recently updated unreferenced entries (HAProxy drops
     * {@code size/256 + 1} when full), from {@code first} then the other stripes, one monitor at a time.
     */
    private int evictOldest(int batch, Segment first) {
        int dropped = dropOldest(first, batch);
        for (int i = 0; i < segments.length && dropped < batch; i++) {
            if (segments[i] != first) {
                dropped += dropOldest(segments[i], batch - dropped);
            }
        }
        return dropped;
    }

    private int dropOldest(Segment s, int max) {
        synchronized (s) {
            return removeOldest(s, max, slot -> true, slot -> true);
        }
    }

    /**
     * With {@code s}'s monitor held: removes, least recently updated first, up to {@code max}
     * entries that no stream holds and that {@code remove} accepts, going on while {@code goOn}
     * accepts the entries reached (expiry stops at the first entry not expired).
     *
     * @return how many were removed
     */
    private int removeOldest(Segment s, int max, IntPredicate goOn, IntPredicate remove) {
        int done = 0;
        for (int slot = s.oldest(); slot >= 0 && done < max && goOn.test(slot); ) {
            int next = s.newer(slot);
            if (s.arena[slot * s.stride + Segment.REFS] == 0 && remove.test(slot)) {
                s.remove(slot);
                used.decrementAndGet();
                done++;
            }
            slot = next;
        }
        return done;
    }

    /** A new entry's rates start long ago, so that the first event opens their first period (as HAProxy's zeroed counters). */
    private void initRates(Segment s, int slot, int now) {
        for (DataType t : layout.storedRates) {
            s.arena[slot * s.stride + layout.offset(t)] = now - 2 * layout.period(t);
        }
    }

    private boolean expired(Segment s, int slot, int now) {
        long expire = spec.expireMs();
        return expire > 0 && s.arena[slot * s.stride + Segment.REFS] == 0
                && (long) (now - s.arena[slot * s.stride + Segment.TOUCHED]) >= expire;
    }

    long value(Segment s, int slot, DataType type, int now) {
        int off = layout.offset(type);
        if (off < 0) {
            return 0;
        }
        int at = slot * s.stride + off;
        int[] a = s.arena;
        return switch (type.kind()) {
            case SIGNED, DICT -> a[at];
            case UNSIGNED -> Integer.toUnsignedLong(a[at]);
            case UNSIGNED_LONG -> (long) a[at] << 32 | Integer.toUnsignedLong(a[at + 1]);
            case RATE -> FreqCounter.read(a, at, now, layout.period(type));
        };
    }

    /** Milliseconds until the entry expires ({@code exp=}), 0 for a table without {@code expire}. */
    long expiresIn(Segment s, int slot, int now) {
        if (spec.expireMs() <= 0) {
            return 0;
        }
        return Math.max(0, spec.expireMs() - (now - s.arena[slot * s.stride + Segment.TOUCHED]));
    }

    private void store(Segment s, int slot, DataType type, long value, int now) {
        int off = layout.offset(type);
        if (off < 0) {
            return;
        }
        int at = slot * s.stride + off;
        switch (type.kind()) {
            case SIGNED, UNSIGNED -> s.arena[at] = (int) value;
            case DICT -> {
                // set table leaves a dictionary entry as it is (HAProxy 2.6 accepts data.server_key and changes nothing)
            }
            case UNSIGNED_LONG -> {
                s.arena[at] = (int) (value >>> 32);
                s.arena[at + 1] = (int) value;
            }
            case RATE -> FreqCounter.set(s.arena, at, now, (int) value);
        }
    }

    private void addLocked(Segment s, int slot, DataType type, long n, int now) {
        int off = layout.offset(type);
        if (off < 0) {
            return;
        }
        int at = slot * s.stride + off;
        switch (type.kind()) {
            case SIGNED, UNSIGNED, DICT -> s.arena[at] += (int) n;
            case UNSIGNED_LONG -> {
                long v = ((long) s.arena[at] << 32 | Integer.toUnsignedLong(s.arena[at + 1])) + n;
                s.arena[at] = (int) (v >>> 32);
                s.arena[at + 1] = (int) v;
            }
            case RATE -> FreqCounter.add(s.arena, at, now, layout.period(type), (int) n);
        }
    }

    private Segment segment(int hash) {
        return segments.length == 1 ? segments[0] : segments[hash >>> segmentShift];
    }

    private Segment segment(long handle) {
        return segments[(int) (handle >>> 32)];
    }

    private long handle(int hash, int slot) {
        int stripe = segments.length == 1 ? 0 : hash >>> segmentShift;
        return (long) stripe << 32 | slot;
    }

    private static int slot(long handle) {
        return (int) handle;
    }
}
