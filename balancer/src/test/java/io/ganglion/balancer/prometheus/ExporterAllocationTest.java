package io.ganglion.balancer.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.prometheus.MetricFamilies.Family;
import io.ganglion.balancer.stats.ObjType;
import io.ganglion.balancer.stats.StatRow;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the exposition of 10,000 servers (some 37 MB) is written without allocating much more
 * than its text (1.6 times its size when measured). Through the Java client's model and writer it
 * allocated some 1.3 GB for 39 MB (an object per series and per label set, the writer's strings, a
 * doubling array): garbage that cost most of a scrape's CPU and crowded the balancer's 256 MB heap.
 * Counted in bytes allocated by this thread, which does not depend on the machine's speed.
 */
class ExporterAllocationTest {
    private static final int SERVERS = 10_000;

    @Test
    void allocatesLittleMoreThanTheTextOfTenThousandServers() throws Exception {
        List<StatRow> rows = new ArrayList<>();
        rows.add(StatRow.builder(ObjType.BACKEND, 2, 0).put("pxname", "be").put("svname", "BACKEND").put("mode", "http")
                .put("status", "UP").build());
        for (int i = 1; i <= SERVERS; i++) {
            rows.add(SeriesTextTest.serverRow("be", "m" + i, i));
        }
        MetricFamilies families = new MetricFamilies(Map.of(), rows, List.of());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        write(families); // the first one loads classes

        long before = threads.getCurrentThreadAllocatedBytes();
        long size = write(families);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(size).as("the text of %d servers", SERVERS).isGreaterThan(20_000_000L);
        assertThat(allocated).as("bytes allocated for %d bytes of text", size).isLessThan(2 * size);
    }

    private static long write(MetricFamilies families) throws Exception {
        Iterable<Family> all = families.families(EnumSet.allOf(MetricScope.class));
        PiecewiseBody body = new PiecewiseBody();
        SeriesText.write(all, body);
        return body.size();
    }
}
