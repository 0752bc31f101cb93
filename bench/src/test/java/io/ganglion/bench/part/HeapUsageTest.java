package io.ganglion.bench.part;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapUsageTest {
    @Test
    void liveHeapIsTheTotalLineOfTheHistogram() {
        List<String> histogram = List.of("4242:", " num     #instances         #bytes  class name (module)",
                "   1:         12345        1048576  [B (java.base@17)", "Total        123456       7340032");
        assertThat(HeapUsage.total(histogram)).hasValue(7_340_032);
    }

    @Test
    void noTotalLineMeansNoFigure() {
        assertThat(HeapUsage.total(List.of("4242:", "com.sun.tools.attach.AttachNotSupportedException"))).isEmpty();
    }

    @Test
    void ourOwnJvmReportsALiveHeap() {
        assertThat(HeapUsage.liveBytes(ProcessHandle.current().pid()).orElseThrow()).isPositive();
    }
}
