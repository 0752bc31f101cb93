package io.ganglion.agent.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The supervised balancer runs with the JVM options {@code ./ganglion balancer} gives it. */
class BalancerJavaOptionsTest {

    @Test
    void theBalancersOwnOptionsByDefaultWithoutTheirComments() {
        assertThat(BalancerSupervisor.balancerJavaOptions(null))
                .anyMatch(option -> option.startsWith("-Xmx"))
                .noneMatch(option -> option.startsWith("#") || option.isBlank());
        assertThat(BalancerSupervisor.balancerJavaOptions("  ")).isEqualTo(BalancerSupervisor.balancerJavaOptions(null));
    }

    @Test
    void ganglionJavaOptsReplacesThem() {
        assertThat(BalancerSupervisor.balancerJavaOptions(" -Xmx64m   -XX:+UseSerialGC "))
                .containsExactly("-Xmx64m", "-XX:+UseSerialGC");
    }
}
