package io.ganglion.bench.balancers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
    @Test
    void cpuTicksAreUtimePlusStimeEvenWithBlanksInTheCommandName() {
        String stat = "4242 (ganglion loop 1) S 1 4242 4242 0 -1 4194560 2817 0 0 0 1234 567 0 0 20 0 22 0 9 1 2 3";
        assertThat(ProcessTree.userPlusSystemTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void rssIsReadFromVmRss() {
        String status = "Name:\tjava\nVmPeak:\t 4000 kB\nVmRSS:\t  104512 kB\nThreads:\t22\n";
        assertThat(ProcessTree.vmRssKib(status)).isEqualTo(104_512);
    }

    @Test
    void ourOwnProcessUsesCpuAndMemory() {
        ProcessTree self = new ProcessTree(ProcessHandle.current().pid());
        assertThat(self.cpuNanos()).isPositive();
        assertThat(self.rssBytes()).isGreaterThan(1024 * 1024);
    }

    @Test
    void aJvmHasCompilerThreadsThatHaveWorked() {
        // By the time tests run, this JVM's JIT has compiled the test framework's hot methods.
        assertThat(new ProcessTree(ProcessHandle.current().pid()).compilerCpuNanos()).isPositive();
    }

    /** HotSpot ends idle compiler threads: what they spent still counts, so the figure never goes back. */
    @Test
    void aThreadThatEndedKeepsCountingWithTheMostItWasSeenToHave() {
        ProcessTree.ThreadsClock clock = new ProcessTree.ThreadsClock("C2 Compiler");
        clock.seen("101", 300);
        clock.seen("102", 50);
        long first = clock.ticksSeen();
        clock.seen("101", 320); // thread 102 ended meanwhile: no longer listed

        assertThat(first).isEqualTo(350);
        assertThat(clock.ticksSeen()).isEqualTo(370);
    }

    /** The serial collector collects on the VM Thread: its CPU is the collector's (it read 0 s in `bench patterns`). */
    @Test
    void theSerialCollectorsCollectionsCount() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                KeepsAndCollects.class.getName()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("collected"); // it now waits for its input to end
            assertThat(new ProcessTree(child.pid()).collectorCpuNanos()).isPositive();
        } finally {
            child.destroy();
            child.waitFor();
        }
    }

    /** Keeps half a million objects and collects them again and again, then waits. */
    public static final class KeepsAndCollects {
        public static void main(String[] args) throws Exception {
            List<Object> kept = new ArrayList<>();
            for (int i = 0; i < 500_000; i++) {
                kept.add(new int[] {i});
            }
            for (int i = 0; i < 10; i++) {
                System.gc();
            }
            System.out.println(kept.size() > 0 ? "collected" : "");
            System.in.read();
        }
    }
}
