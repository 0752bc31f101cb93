package io.ganglion.balancer.pattern;

import java.lang.management.ManagementFactory;

/**
 * Measures what issue 14 asks of a map of 1,000,000 CIDR entries added at run time (as {@code add
 * map} payload lines do): CPU time to add them, heap per entry, and the time of one lookup. A
 * program, not a test: {@code java -cp ... io.ganglion.balancer.pattern.MillionNetworksMeasure}.
 */
public final class MillionNetworksMeasure {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) { // distinct /24 and /25 networks spread over the space, as a GeoIP list
            int a = 1 + (int) ((long) i * 7919 % 223);
            keys[i] = a + "." + (i >> 8 & 255) + "." + (i & 255) + ".0/" + (i % 5 == 0 ? 25 : 24);
        }
        String[] countries = {"FR", "DE", "US", "JP", "BR", "IN", "NL", "GB"};
        Runtime rt = Runtime.getRuntime();
        long heapBefore = usedAfterGc(rt);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long process0 = os.getProcessCpuTime();
        PatternReference ref = new PatternReferences().inline("src", "measure", 1);
        PatternExpression ip = ref.expression(MatchMethod.IP, false, ValueKind.STR);
        for (int i = 0; i < n; i++) {
            // the value as a payload line would give it: a fresh string per line
            ref.add(keys[i], new String(countries[i & 7].toCharArray()));
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long processCpu = os.getProcessCpuTime() - process0; // with the collector's threads
        keys = null;
        long heapAfter = usedAfterGc(rt);
        long t0 = System.nanoTime();
        int found = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (ip.index().matchedId((1 + (int) ((long) i * 7919 % 223)) + "." + (i >> 8 & 255) + "." + (i & 255) + ".9") != PatternIndex.NO_MATCH) {
                found++;
            }
        }
        long lookupNs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("entries=%d cpu_add_ms=%d process_cpu_add_ms=%d heap_bytes_per_entry=%d lookup_ns=%d found=%d%n", n, cpu / 1_000_000, processCpu / 1_000_000,
                (heapAfter - heapBefore) / n, lookupNs, found);
        if (ref.entries().size() != n) {
            throw new AssertionError();
        }
    }

    private static long usedAfterGc(Runtime rt) throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
