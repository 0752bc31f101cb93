package io.ganglion.balancer.stick;

import io.ganglion.balancer.config.Source;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A measurement, not a test (run by hand: {@code java -cp ... io.ganglion.balancer.stick.ExpiryPauseProbe}):
 * how long a data-path update of a table waits while a million of its entries expire. One thread
 * tracks, counts and releases entries without pause, timing each round; the main thread makes a
 * million entries, moves the clock past their expiry and purges them as the balancer's control
 * loop does ({@link StickTables#PURGE_BUDGET} per run, runs back to back). Prints the percentiles
 * and the maximum of the rounds during the purge.
 */
public final class ExpiryPauseProbe {
    private ExpiryPauseProbe() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        AtomicLong clock = new AtomicLong(1_000_000);
        StickTable table = new StickTable(new StickTableSpec("probe", KeyType.IP, 4, 1 << 21, 60_000, false,
                Map.of(DataType.GPT0, 0, DataType.HTTP_REQ_RATE, 10_000), new Source("probe", 1)), clock::get);
        for (int i = 0; i < entries; i++) {
            table.set(table.findOrCreate(KeyType.ipv4Key(0x0a000000 + i)), DataType.GPT0, 1);
        }
        clock.addAndGet(120_000);
        AtomicBoolean purging = new AtomicBoolean(true);
        long[] rounds = new long[8_000_000];
        int[] count = new int[1];
        Thread dataPath = new Thread(() -> {
            int n = 0;
            while (purging.get() && n < rounds.length) {
                long start = System.nanoTime();
                StickCounter c = table.track(KeyType.ipv4Key(0x0b000000 + (n & 0xffff)));
                c.countHttpRequest();
                c.release();
                rounds[n++] = System.nanoTime() - start;
            }
            count[0] = n;
        });
        dataPath.start();
        long purgeStart = System.nanoTime();
        int runs = 0;
        while (table.purgeExpired(StickTables.PURGE_BUDGET)) {
            runs++;
        }
        long purgeNanos = System.nanoTime() - purgeStart;
        purging.set(false);
        dataPath.join();
        long[] seen = Arrays.copyOf(rounds, count[0]);
        Arrays.sort(seen);
        System.out.printf("purged %d entries in %d runs, %.0f ms; %d data-path rounds meanwhile:"
                        + " p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.2f ms; left in the table: %d%n",
                entries, runs + 1, purgeNanos / 1e6, seen.length, micros(seen, 0.50), micros(seen, 0.99),
                micros(seen, 0.999), seen[seen.length - 1] / 1e6, table.used());
    }

    private static double micros(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e3;
    }
}
