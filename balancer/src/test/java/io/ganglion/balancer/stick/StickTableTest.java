package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.Source;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The table store on a clock the test moves: rates, expiry, eviction order, holders, concurrent counting. */
class StickTableTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private StickTable table(int size, long expireMs, boolean nopurge, Object... stored) {
        Map<DataType, Integer> store = new EnumMap<>(DataType.class);
        for (int i = 0; i < stored.length; i += 2) {
            store.put((DataType) stored[i], (Integer) stored[i + 1]);
        }
        return new StickTable(new StickTableSpec("t", KeyType.IP, 4, size, expireMs, nopurge, store, new Source("t.cfg", 1)),
                clock::get);
    }

    private static byte[] ip(int last) {
        return KeyType.ipv4Key(0x7f000000 | last);
    }

    private long at(StickTable t, int key, DataType type) {
        return t.read(ip(key), e -> e.get(type));
    }

    /** HAProxy 2.6 measured: a rate set to 10 over 5 s reads 10 for 5 s, then fades by one every half second. */
    @Test
    void aSetRateHoldsForAPeriodThenFadesOverTheNext() {
        StickTable t = table(10, 0, false, DataType.HTTP_REQ_RATE, 5000);
        t.set(t.findOrCreate(ip(1)), DataType.HTTP_REQ_RATE, 10);
        List<Long> seen = new ArrayList<>();
        for (int ms : new int[] {0, 4999, 5000, 5500, 6000, 9500, 10000, 20000}) {
            clock.set(1_000_000 + ms);
            seen.add(at(t, 1, DataType.HTTP_REQ_RATE));
        }
        assertThat(seen).containsExactly(10L, 10L, 10L, 9L, 8L, 1L, 0L, 0L);
    }

    @Test
    void countedEventsSlideWithTheirPeriod() {
        StickTable t = table(10, 0, false, DataType.HTTP_REQ_RATE, 10_000, DataType.HTTP_REQ_CNT, 0);
        StickCounter c = t.track(ip(1));
        for (int i = 0; i < 15; i++) {
            clock.addAndGet(100); // 15 requests in 1.5 s
            c.countHttpRequest();
        }
        assertThat(c.get(DataType.HTTP_REQ_RATE)).isEqualTo(15);
        clock.set(1_000_000 + 100 + 10_000 + 2_000); // the period began with the first request; 2 s of the next gone
        assertThat(c.get(DataType.HTTP_REQ_RATE)).isEqualTo(15 * 8 / 10);
        c.countHttpRequest();
        assertThat(c.get(DataType.HTTP_REQ_RATE)).isEqualTo(1 + 15 * 8 / 10);
        clock.addAndGet(20_000); // two periods without a request: nothing is left
        assertThat(c.get(DataType.HTTP_REQ_RATE)).isZero();
        assertThat(c.get(DataType.HTTP_REQ_CNT)).isEqualTo(16);
    }

    @Test
    void entriesExpireAfterTheirLastUpdateUnlessHeld() {
        StickTable t = table(10, 1000, false, DataType.GPT0, 0);
        t.findOrCreate(ip(1));
        StickCounter held = t.track(ip(2));
        clock.addAndGet(600);
        t.set(t.findOrCreate(ip(3)), DataType.GPT0, 1);
        clock.addAndGet(500);
        assertThat(t.find(ip(1))).as("1.1 s after its update").isEqualTo(-1);
        assertThat(t.find(ip(3))).as("0.5 s after its update").isNotEqualTo(-1);
        assertThat(t.purgeExpired(100)).as("nothing more left").isFalse();
        assertThat(t.used()).isEqualTo(2);
        held.release();
        clock.addAndGet(1000);
        assertThat(t.purgeExpired(1)).as("a budget of one: one purged, more may be left").isTrue();
        assertThat(t.purgeExpired(1)).isTrue();
        assertThat(t.used()).as("the held one, 1 s after its release, and the other").isZero();
    }

    /** HAProxy 2.6 measured: size 3, keys 1, 2, 3 set, 1 set again, 4 set: 2 is dropped. */
    @Test
    void aFullTableDropsTheLeastRecentlyUpdatedEntryNotHeld() {
        StickTable t = table(3, 0, false, DataType.CONN_CNT, 0);
        StickCounter held = t.track(ip(9));
        for (int k = 1; k <= 2; k++) {
            clock.addAndGet(10);
            t.findOrCreate(ip(k));
        }
        clock.addAndGet(10);
        t.findOrCreate(ip(1));
        clock.addAndGet(10);
        t.findOrCreate(ip(4));
        assertThat(t.find(ip(2))).isEqualTo(-1);
        assertThat(List.of(1, 4, 9)).allMatch(k -> t.find(ip(k)) >= 0);
        assertThat(held.trackers()).isEqualTo(1);
    }

    /** HAProxy 2.6 seen live: the same updates all within one millisecond keep their first order, and 1 goes. */
    @Test
    void updatesWithinOneMillisecondKeepTheirOrder() {
        StickTable t = table(3, 0, false, DataType.CONN_CNT, 0);
        for (int k = 1; k <= 3; k++) {
            t.findOrCreate(ip(k));
        }
        t.findOrCreate(ip(1));
        t.findOrCreate(ip(4));
        assertThat(t.find(ip(1))).isEqualTo(-1);
        assertThat(List.of(2, 3, 4)).allMatch(k -> t.find(ip(k)) >= 0);
    }

    @Test
    void nopurgeRefusesNewEntriesWhenFull() {
        StickTable t = table(2, 0, true, DataType.GPT0, 0);
        assertThat(t.findOrCreate(ip(1))).isNotEqualTo(-1);
        assertThat(t.findOrCreate(ip(2))).isNotEqualTo(-1);
        assertThat(t.findOrCreate(ip(3))).isEqualTo(-1);
        assertThat(t.track(ip(3))).isNull();
        assertThat(t.findOrCreate(ip(1))).as("an existing key still works").isNotEqualTo(-1);
        assertThat(t.available()).isZero();
    }

    @Test
    void trackingHoldsTheEntryAndCountsAConnectionUntilReleased() {
        StickTable t = table(10, 1000, false, DataType.CONN_CNT, 0, DataType.CONN_CUR, 0, DataType.CONN_RATE, 1000,
                DataType.GPC0, 0, DataType.GPT0, 0);
        StickCounter a = t.track(ip(1));
        StickCounter b = t.track(ip(1));
        assertThat(a.trackers()).isEqualTo(2);
        assertThat(a.get(DataType.CONN_CUR)).isEqualTo(2);
        assertThat(a.incGpc0()).isEqualTo(1);
        assertThat(b.incGpc0()).isEqualTo(2);
        b.setGpt0(7);
        assertThat(t.remove(ip(1))).as("held entries stay").isFalse();
        a.release();
        a.release();
        assertThat(b.get(DataType.CONN_CUR)).isEqualTo(1);
        b.release();
        List<Long> data = t.read(ip(1), e -> List.of((long) e.holders(), e.get(DataType.CONN_CNT),
                e.get(DataType.CONN_CUR), e.get(DataType.CONN_RATE), e.get(DataType.GPT0)));
        assertThat(data).containsExactly(0L, 2L, 0L, 2L, 7L);
        assertThat(t.remove(ip(1))).isTrue();
    }

    /** {@code stick store-*} makes the entry with the server; {@code stick match} finds it and pushes its expiry back. */
    @Test
    void aStoredServerIsMatchedUntilItsEntryExpiresAndEachMatchTouchesIt() {
        StickTable t = new StickTable(new StickTableSpec("t", KeyType.IP, 4, 100, 10_000, false, Map.of(),
                new Source("t.cfg", 1)).withServer(), clock::get);
        assertThat(t.matchServer(ip(1))).isEqualTo(-1);
        assertThat(t.storeServer(ip(1), 3, 7)).isTrue();
        assertThat(at(t, 1, DataType.SERVER_ID)).isEqualTo(3L);
        assertThat(at(t, 1, DataType.SERVER_KEY)).isEqualTo(7L);
        clock.addAndGet(9_000);
        assertThat(t.matchServer(ip(1))).isEqualTo(3);
        clock.addAndGet(9_000);
        assertThat(t.matchServer(ip(1))).as("touched 9 s ago: not expired").isEqualTo(3);
        clock.addAndGet(10_000);
        assertThat(t.matchServer(ip(1))).isEqualTo(-1);
    }

    /** Every event loop counts on the same entries: no increment is lost. */
    @Test
    void concurrentUpdatesLoseNoIncrement() throws Exception {
        StickTable t = new StickTable(new StickTableSpec("t", KeyType.IP, 4, 1 << 20, 60_000, false,
                Map.of(DataType.HTTP_REQ_CNT, 0, DataType.HTTP_REQ_RATE, 60_000, DataType.BYTES_IN_CNT, 0),
                new Source("t.cfg", 1)), clock::get);
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int n = 0; n < perThread; n++) {
                    StickCounter shared = t.track(ip(1));
                    shared.countHttpRequest();
                    shared.countBytesIn(3);
                    shared.release();
                    StickCounter own = t.track(ip(1000 + (n % 5000) * threads + id));
                    own.countHttpRequest();
                    own.release();
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(at(t, 1, DataType.HTTP_REQ_CNT)).isEqualTo((long) threads * perThread);
        assertThat(at(t, 1, DataType.HTTP_REQ_RATE)).isEqualTo((long) threads * perThread);
        assertThat(at(t, 1, DataType.BYTES_IN_CNT)).isEqualTo(3L * threads * perThread);
        assertThat(t.used()).isEqualTo(1 + threads * 5000);
        long others = 0;
        for (int i = 0; i < threads * 5000; i++) {
            others += at(t, 1000 + i, DataType.HTTP_REQ_CNT);
        }
        assertThat(others).isEqualTo((long) threads * perThread);
    }

    @Test
    void keysReadAndPrintAsHaproxys() {
        assertThat(KeyType.IP.parseCommandKey("not-an-ip", 4)).hasValueSatisfying(k -> assertThat(k).containsExactly(0, 0, 0, 0));
        assertThat(KeyType.IP.parseCommandKey("192.0.2.55", 4).map(KeyType.IP::format)).hasValue("192.0.2.55");
        for (String notDotted : List.of("1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "1234.1.1.1")) {
            assertThat(KeyType.IP.parseCommandKey(notDotted, 4).map(KeyType.IP::format)).as(notDotted).hasValue("0.0.0.0");
        }
        assertThat(KeyType.INTEGER.parseCommandKey("12abc", 4).map(KeyType.INTEGER::format)).hasValue("12");
        assertThat(KeyType.INTEGER.parseCommandKey("-1", 4)).isEmpty();
        assertThat(KeyType.INTEGER.parseCommandKey("4294967296", 4)).isEmpty();
        assertThat(KeyType.IPV6.parseCommandKey("nope", 16)).isEmpty();
        assertThat(KeyType.IPV6.parseCommandKey("::1", 16).map(KeyType.IPV6::format)).hasValue("::1");
        assertThat(KeyType.IPV6.parseCommandKey("2001:db8:0:0:1:0:0:1", 16).map(KeyType.IPV6::format)).hasValue("2001:db8::1:0:0:1");
        assertThat(KeyType.STRING.parseCommandKey("abcdefghijkl", 8).map(KeyType.STRING::format)).hasValue("abcdefgh");
    }

    /**
     * What a tracked request counts (its request, its bytes each way) allocates nothing: these run
     * two or three times for every request of a tracked stream, on the event loops.
     */
    @Test
    void countingOnAHeldEntryAllocatesNothing() {
        StickTable t = table(10, 0, false, DataType.HTTP_REQ_CNT, 0, DataType.HTTP_REQ_RATE, 10_000,
                DataType.BYTES_IN_CNT, 0, DataType.BYTES_IN_RATE, 10_000, DataType.BYTES_OUT_CNT, 0,
                DataType.BYTES_OUT_RATE, 10_000);
        StickCounter c = t.track(ip(1));
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        countRequests(c, 1_000);
        long before = threads.getThreadAllocatedBytes(self);
        countRequests(c, 10_000);
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        assertThat(allocated).as("bytes allocated by 30,000 counts").isLessThan(10_000);
        assertThat(c.get(DataType.HTTP_REQ_CNT)).isEqualTo(11_000);
    }

    private static void countRequests(StickCounter c, int requests) {
        for (int i = 0; i < requests; i++) {
            c.countHttpRequest();
            c.countBytesIn(100);
            c.countBytesOut(200);
        }
    }
}
