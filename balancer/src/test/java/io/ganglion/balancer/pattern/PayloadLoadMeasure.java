package io.ganglion.balancer.pattern;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Not a test: the CPU and collections of loading a million spread networks as {@code add map}
 * payloads of at most 16 kB (as {@code bench patterns} sends them), in this process, without the
 * socket. Run with the balancer's collector options to see the collector's share, e.g.
 * {@code java -XX:+UseSerialGC -Xms8m -Xmx256m -cp ... PayloadLoadMeasure}.
 */
public final class PayloadLoadMeasure {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        java.util.List<String> payloads = new java.util.ArrayList<>();
        StringBuilder payload = new StringBuilder();
        for (int i = 0; i < n; i++) { // the bench's networks: distinct /24 and /25 spread over the space
            int a = 1 + (int) ((long) i * 7919 % 223);
            String line = a + "." + (i >> 8 & 255) + "." + (i & 255) + ".0/" + (i % 5 == 0 ? 25 : 24) + " FR\n";
            if (payload.length() + line.length() > 16_000) {
                payloads.add(payload.toString());
                payload.setLength(0);
            }
            payload.append(line);
        }
        payloads.add(payload.toString());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcCount0 = 0;
        long gcMs0 = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount0 += gc.getCollectionCount();
            gcMs0 += gc.getCollectionTime();
        }
        long allocated0 = threads.getCurrentThreadAllocatedBytes();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long process0 = os.getProcessCpuTime();
        PatternReference ref = new PatternReferences().inline("src", "measure", 1);
        PatternExpression ip = ref.expression(MatchMethod.IP, false, ValueKind.STR);
        for (String p : payloads) {
            ref.addAll(ref.currentVersion(), MapPayload.read(p));
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocated0;
        long processCpu = os.getProcessCpuTime() - process0;
        StringBuilder gcs = new StringBuilder();
        long gcCount = -gcCount0;
        long gcMs = -gcMs0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += gc.getCollectionCount();
            gcMs += gc.getCollectionTime();
            gcs.append(' ').append(gc.getName().replace(' ', '_')).append('=').append(gc.getCollectionCount()).append('/').append(gc.getCollectionTime()).append("ms");
        }
        System.out.printf("entries=%d payloads=%d cpu_load_ms=%d allocated_per_line=%d process_cpu_ms=%d collections=%d gc_ms=%d%s found=%s%n", n, payloads.size(), cpu / 1_000_000, allocated / n,
                processCpu / 1_000_000, gcCount, gcMs, gcs, IndexAnswers.found(ip.index(), "1.0.0.9"));
        if (ref.entries().size() != n) {
            throw new AssertionError();
        }
    }
}
