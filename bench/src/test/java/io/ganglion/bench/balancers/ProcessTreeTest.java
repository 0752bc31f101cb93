package io.ganglion.bench.balancers;

import static org.assertj.core.api.Assertions.assertThat;

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
}
