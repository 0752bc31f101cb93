package io.ganglion.bench.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The breakdown the footprint part prints comes from jcmd's NMT summary, as JDK 17 writes it. */
class NativeMemoryTest {
    private static final String SUMMARY = """
            12345:

            Native Memory Tracking:

            (Omitting categories weighting less than 1KB)

            Total: reserved=1698897KB, committed=120769KB
            -                 Java Heap (reserved=262144KB, committed=48128KB)
                                        (mmap: reserved=262144KB, committed=48128KB)

            -                     Class (reserved=1048911KB, committed=2063KB)
                                        (classes #3410)

            -                    Thread (reserved=18481KB, committed=1133KB)
                                        (thread #18)
                                        (stack: reserved=18432KB, committed=1084KB)

            -                        GC (reserved=19201KB, committed=18469KB)
            -                     Other (reserved=204KB, committed=204KB)
            """;

    @Test
    void committedKibByCategoryWithTheThreadCount() {
        assertThat(NativeMemory.committedKib(SUMMARY)).containsEntry("Total", 120769L).containsEntry("Java Heap", 48128L)
                .containsEntry("Class", 2063L).containsEntry("Thread", 1133L).containsEntry("threads", 18L)
                .containsEntry("GC", 18469L).containsEntry("Other", 204L).doesNotContainKey("mmap");
    }

    @Test
    void describedInMibLeavingOutWhatIsUnderOne() {
        assertThat(NativeMemory.describe(NativeMemory.committedKib(SUMMARY)))
                .isEqualTo("Total 117.9, Java Heap 47.0, Class 2.0, Thread 1.1, 18 threads, GC 18.0 (MiB committed)");
    }
}
