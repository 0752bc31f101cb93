package io.ganglion.agent.e2e;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** What every end-to-end test shares: the targets it runs against and how long it waits. */
final class E2e {

    /** An upper bound for any single wait: the tests assert behaviour, not speed, on a shared machine. */
    static final Duration GENEROUS = Duration.ofSeconds(60);

    private E2e() {
    }

    /**
     * A standby balancer (started with {@code --standby}), judged by {@code /proc/PID/cmdline}:
     * {@code ProcessHandle.Info.arguments()} comes back empty for command lines as long as these
     * test classpaths.
     */
    static boolean isStandbyBalancer(ProcessHandle process) {
        try {
            String commandLine = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return java.util.List.of(commandLine.split("\0")).contains("--standby");
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // gone
        }
    }

    /** For {@code @MethodSource("io.ganglion.agent.e2e.E2e#targets")}. */
    static Stream<BalancerTarget> targets() {
        return BalancerTarget.ALL.stream();
    }

    /** For {@code @MethodSource("io.ganglion.agent.e2e.E2e#targetsAndRegistries")}: every target with every registry. */
    static Stream<Arguments> targetsAndRegistries() {
        return targets().flatMap(target -> Stream.of(ApiRegistry.values()).map(registry -> Arguments.of(target, registry)));
    }
}
