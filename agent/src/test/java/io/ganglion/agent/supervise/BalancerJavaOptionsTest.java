package io.ganglion.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervised balancer runs with the JVM options {@code ./ganglion balancer} gives it; the agent with its own. */
class BalancerJavaOptionsTest {

    @Test
    void theBalancersOwnOptionsByDefaultWithoutTheirComments() {
        assertThat(BalancerSupervisor.balancerJavaOptions(null))
                .anyMatch(option -> option.startsWith("-Xmx"))
                .noneMatch(option -> option.startsWith("#") || option.isBlank());
        assertThat(BalancerSupervisor.balancerJavaOptions("  ")).isEqualTo(BalancerSupervisor.balancerJavaOptions(null));
    }

    /** Issue 18: the agent's JVM had no bound at all (120-137 MiB RSS); each area of its memory has one now. */
    @Test
    void theAgentsOwnOptionsBoundItsHeapMetaspaceCodeAndDirectMemory() {
        assertThat(JvmOptions.of(JvmOptions.AGENT, null))
                .anyMatch(option -> option.startsWith("-Xmx"))
                .anyMatch(option -> option.startsWith("-XX:MaxMetaspaceSize="))
                .anyMatch(option -> option.startsWith("-XX:ReservedCodeCacheSize="))
                .anyMatch(option -> option.startsWith("-XX:MaxDirectMemorySize="))
                .noneMatch(option -> option.startsWith("#") || option.isBlank());
        assertThat(JvmOptions.of(JvmOptions.AGENT, "-Xmx48m")).containsExactly("-Xmx48m");
    }

    /**
     * Issue 18: every JVM of the sidecar has heap bounds and the serial collector; the agent's heap
     * also gives back what it does not use. The serial collector sizes the old generation at each
     * full collection by the free ratios: with the JVM's defaults (40-70% free) the agent stayed at
     * its 32 MiB bound for 11 MiB live. (The balancer keeps the defaults: on its data path the
     * smaller heap cost CPU per request.)
     */
    @Test
    void everySidecarJvmHasHeapBoundsAndTheAgentsHeapShrinksAfterACollection() {
        List<String> agent = JvmOptions.of(JvmOptions.AGENT, null);
        for (List<String> options : List.of(BalancerSupervisor.balancerJavaOptions(null), agent)) {
            assertThat(options)
                    .anyMatch(option -> option.startsWith("-Xms"))
                    .anyMatch(option -> option.startsWith("-Xmx"))
                    .contains("-XX:+UseSerialGC");
        }
        assertThat(agent).contains("-XX:MaxNewSize=4m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20");
    }

    /** Issue 18: the supervised balancer and its standby start from the class-data archive the build wrote. */
    @Test
    void theBalancersClassDataArchiveWhenTheLauncherNamesOne(@TempDir Path dir) throws Exception {
        Path archive = Files.writeString(dir.resolve("ganglion-balancer.jsa"), "");
        assertThat(BalancerSupervisor.classDataArchive(archive.toString()))
                .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        assertThat(BalancerSupervisor.classDataArchive(dir.resolve("none.jsa").toString())).isEmpty();
        assertThat(BalancerSupervisor.classDataArchive(null)).isEmpty();
    }

    @Test
    void ganglionJavaOptsReplacesThem() {
        assertThat(BalancerSupervisor.balancerJavaOptions(" -Xmx64m   -XX:+UseSerialGC "))
                .containsExactly("-Xmx64m", "-XX:+UseSerialGC");
    }
}
