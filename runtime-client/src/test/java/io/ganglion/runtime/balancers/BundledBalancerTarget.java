package io.ganglion.runtime.balancers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Ganglion's own balancer, run as its own process the way {@code ./ganglion balancer -f FILE}
 * runs it. The client knows it only through its socket; the test classpath carries its classes.
 */
public final class BundledBalancerTarget implements BalancerTarget {
    private static final String MAIN = "io.ganglion.balancer.BalancerMain";

    @Override
    public String name() {
        return "bundled";
    }

    @Override
    public Optional<String> unavailableBecause() {
        try {
            Class.forName(MAIN, false, getClass().getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("the bundled balancer is not on the test classpath (build the balancer module)");
        }
    }

    @Override
    public RunningBalancer start(String proxies, Path workDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and serial GC: the suite starts dozens of short-lived balancers; start-up time is what counts.
        return BalancerProcess.start("bundled", List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                MAIN, "-f", "{config}"), proxies, workDir);
    }
}
