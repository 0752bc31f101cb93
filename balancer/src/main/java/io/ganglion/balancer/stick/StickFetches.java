package io.ganglion.balancer.stick;

import io.ganglion.balancer.module.FetchKeyword;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.rules.ArgType;
import io.ganglion.balancer.rules.ArgumentSpec;
import io.ganglion.balancer.rules.Fetch;
import io.ganglion.balancer.rules.RuleScope;
import io.ganglion.balancer.rules.Sample;
import io.ganglion.balancer.rules.SampleType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The stick-table fetches of HAProxy 2.6 (section 7.3.3): {@code sc_X(N[,T])}, {@code sc0_X([T])}
 * to {@code sc2_X([T])} on what the stream tracks, {@code src_X([T])} on the client's address
 * looked up without tracking it, {@code table_cnt([T])} and {@code table_avl([T])}.
 *
 * <p>As in HAProxy: an {@code sc} fetch of a counter the stream does not track gives no sample
 * (an ACL on it does not match), nor does one of a data type the table does not store; a
 * {@code src} fetch of an address not in the table gives 0. A table named in the arguments is
 * looked up by the tracked key; a counter index past sc2 gives no sample (HAProxy accepts it at load).
 */
final class StickFetches {
    private StickFetches() {
    }

    /** One {@code X} of {@code sc_X}/{@code src_X}: what it reads of an entry (null: not stored, no sample). */
    record Reading(String name, DataType stored, ToLongFunction<EntryValue> value) {
    }

    /** The entry a fetch reads: tracked (and changeable) or only looked up. */
    interface EntryValue {
        long get(DataType type);
    }

    private static final List<Reading> READINGS = List.of(
            read("get_gpt0", DataType.GPT0), read("get_gpc0", DataType.GPC0), read("get_gpc1", DataType.GPC1),
            read("gpc0_rate", DataType.GPC0_RATE), read("gpc1_rate", DataType.GPC1_RATE),
            read("conn_cnt", DataType.CONN_CNT), read("conn_cur", DataType.CONN_CUR), read("conn_rate", DataType.CONN_RATE),
            read("sess_cnt", DataType.SESS_CNT), read("sess_rate", DataType.SESS_RATE),
            read("http_req_cnt", DataType.HTTP_REQ_CNT), read("http_req_rate", DataType.HTTP_REQ_RATE),
            read("http_err_cnt", DataType.HTTP_ERR_CNT), read("http_err_rate", DataType.HTTP_ERR_RATE),
            read("bytes_in_rate", DataType.BYTES_IN_RATE), read("bytes_out_rate", DataType.BYTES_OUT_RATE),
            // kilobytes: the 64-bit byte counters shifted, as HAProxy reports them
            new Reading("kbytes_in", DataType.BYTES_IN_CNT, e -> e.get(DataType.BYTES_IN_CNT) >> 10),
            new Reading("kbytes_out", DataType.BYTES_OUT_CNT, e -> e.get(DataType.BYTES_OUT_CNT) >> 10));

    /** What the {@code sc_X} and {@code src_X} fetches read, which the {@code table_X} converters read too. */
    static List<Reading> readings() {
        return READINGS;
    }

    private static Reading read(String name, DataType type) {
        return new Reading(name, type, e -> e.get(type));
    }

    /** What an {@code sc} fetch does with the counter it found (reads, or changes: {@code sc_inc_gpc0}). */
    @FunctionalInterface
    private interface CounterUse {
        Sample apply(StickCounter tracked, StickTable other);
    }

    static List<FetchKeyword> table() {
        List<FetchKeyword> all = new ArrayList<>();
        for (Reading r : READINGS) {
            addCounterFetches(all, r.name(), (c, other) -> readTracked(c, other, r));
            all.add(sourceFetch(r));
        }
        addCounterFetches(all, "inc_gpc0", (c, other) -> other != null || !storesEither(c, DataType.GPC0, DataType.GPC0_RATE)
                ? null : Sample.integer(c.incGpc0()));
        addCounterFetches(all, "inc_gpc1", (c, other) -> other != null || !storesEither(c, DataType.GPC1, DataType.GPC1_RATE)
                ? null : Sample.integer(c.incGpc1()));
        addCounterFetches(all, "clr_gpc0", (c, other) -> other != null || !c.stores(DataType.GPC0)
                ? null : Sample.integer(c.clearGpc0()));
        addCounterFetches(all, "clr_gpc1", (c, other) -> other != null || !c.stores(DataType.GPC1)
                ? null : Sample.integer(c.clearGpc1()));
        addCounterFetches(all, "trackers", (c, other) -> Sample.integer(c.trackers()));
        // sc_tracked answers for an untracked counter too: false
        all.add(new FetchKeyword("sc_tracked", ArgumentSpec.of(1, ArgType.SINT, ArgType.STR), SampleType.BOOL,
                (args, scope) -> {
                    int n = ((Long) args.get(0)).intValue();
                    return (s, m) -> Sample.bool(counter(s, n) != null);
                }));
        for (int n = 0; n < Stream.STICK_COUNTERS; n++) {
            int slot = n;
            all.add(new FetchKeyword("sc" + n + "_tracked", ArgumentSpec.of(0, ArgType.STR), SampleType.BOOL,
                    (args, scope) -> (s, m) -> Sample.bool(counter(s, slot) != null)));
        }
        all.add(sourceUpdate("src_inc_gpc0", DataType.GPC0, DataType.GPC0_RATE, 1L));
        all.add(sourceUpdate("src_inc_gpc1", DataType.GPC1, DataType.GPC1_RATE, 1L));
        all.add(sourceUpdate("src_clr_gpc0", DataType.GPC0, null, null));
        all.add(sourceUpdate("src_clr_gpc1", DataType.GPC1, null, null));
        all.add(tableFetch("table_cnt", t -> t.used()));
        all.add(tableFetch("table_avl", t -> t.available()));
        return all;
    }

    /** {@code sc_X(N[,T])} and {@code sc0_X([T])}..{@code sc2_X([T])}. */
    private static void addCounterFetches(List<FetchKeyword> all, String x, CounterUse use) {
        all.add(new FetchKeyword("sc_" + x, ArgumentSpec.of(1, ArgType.SINT, ArgType.STR), SampleType.SINT,
                (args, scope) -> {
                    int n = (int) Math.min(Integer.MAX_VALUE, Math.max(-1, (Long) args.get(0)));
                    TableRef other = args.size() > 1 ? named((String) args.get(1), 2, "sc_" + x, scope) : null;
                    return counterFetch(n, other, use);
                }));
        for (int n = 0; n < Stream.STICK_COUNTERS; n++) {
            int slot = n;
            all.add(new FetchKeyword("sc" + n + "_" + x, ArgumentSpec.of(0, ArgType.STR), SampleType.SINT,
                    (args, scope) -> counterFetch(slot,
                            args.isEmpty() ? null : named((String) args.get(0), 1, "sc" + slot + "_" + x, scope), use)));
        }
    }

    private static Fetch counterFetch(int n, TableRef other, CounterUse use) {
        return (s, m) -> {
            StickCounter c = counter(s, n);
            if (c == null) {
                return null;
            }
            StickTable t = other == null ? null : other.table();
            return use.apply(c, t == c.table() ? null : t);
        };
    }

    private static Sample readTracked(StickCounter c, StickTable other, Reading r) {
        if (other == null) {
            return c.stores(r.stored()) ? Sample.integer(r.value().applyAsLong(c::get)) : null;
        }
        if (!other.stores(r.stored())) {
            return null;
        }
        Long v = other.read(c.key(), e -> r.value().applyAsLong(e::get));
        return Sample.integer(v == null ? 0 : v);
    }

    /** {@code src_X([T])}: the client's address looked up, not tracked; 0 when absent. */
    private static FetchKeyword sourceFetch(Reading r) {
        String name = "src_" + r.name();
        return new FetchKeyword(name, ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> {
            TableRef ref = args.isEmpty() ? own(name, scope) : named((String) args.get(0), 1, name, scope);
            return (s, m) -> {
                StickTable t = ref.table();
                if (t == null || !t.stores(r.stored())) {
                    return null;
                }
                byte[] key = SampleKeys.of(Sample.address(s.client().getAddress()), t.spec());
                if (key == null) {
                    return null;
                }
                Long v = t.read(key, e -> r.value().applyAsLong(e::get));
                return Sample.integer(v == null ? 0 : v);
            };
        });
    }

    /**
     * {@code src_inc_gpcN([T])} and {@code src_clr_gpcN([T])}: the client's address's entry, made if
     * need be, its counter incremented (the new value, 0 when the table does not store it, as HAProxy
     * 2.6 answers) or cleared (the value before; no sample when the table does not store it).
     */
    private static FetchKeyword sourceUpdate(String name, DataType count, DataType rate, Long n) {
        return new FetchKeyword(name, ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> {
            TableRef ref = args.isEmpty() ? own(name, scope) : named((String) args.get(0), 1, name, scope);
            return (s, m) -> {
                StickTable t = ref.table();
                byte[] key = t == null ? null : SampleKeys.of(Sample.address(s.client().getAddress()), t.spec());
                long v = key == null ? -1 : t.updateByKey(key, count, rate, n);
                // the entry is made whatever the table stores (measured); a clearing of what it does not store gives nothing
                return v < 0 || n == null && !t.stores(count) ? null : Sample.integer(v);
            };
        });
    }

    private static FetchKeyword tableFetch(String name, ToLongFunction<StickTable> value) {
        return new FetchKeyword(name, ArgumentSpec.of(0, ArgType.STR), SampleType.SINT, (args, scope) -> {
            TableRef ref = args.isEmpty() ? own(name, scope) : named((String) args.get(0), 1, name, scope);
            return (s, m) -> ref.table() == null ? null : Sample.integer(value.applyAsLong(ref.table()));
        });
    }

    private static boolean storesEither(StickCounter c, DataType a, DataType b) {
        return c.stores(a) || c.stores(b);
    }

    /** Slot {@code n} of the stream, null when it tracks nothing there or n is no slot. */
    static StickCounter counter(Stream s, int n) {
        StickCounter[] slots = s.trackedCountersOrNull(); // reading makes no slots on a stream that tracks nothing
        return slots == null || n < 0 || n >= slots.length ? null : slots[n];
    }

    private static TableRef named(String table, int arg, String keyword, RuleScope scope) {
        return TableLinks.of(scope.load()).use(table, scope.where(), name -> "unable to find table '" + name
                + "' referenced in arg " + arg + " of ACL keyword '" + keyword + "' in proxy '" + scope.proxyName() + "'.");
    }

    /** The rule's own proxy's table, when the fetch names none. */
    private static TableRef own(String keyword, RuleScope scope) {
        return named(scope.proxyName(), 1, keyword, scope);
    }
}
