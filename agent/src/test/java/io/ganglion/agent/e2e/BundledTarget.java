package io.ganglion.agent.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The bundled balancer, started as its own JVM ({@code BalancerMain -f FILE}) from the test
 * classpath, which carries the balancer at runtime scope: the agent still only talks to its socket.
 */
final class BundledTarget implements BalancerTarget {

    @Override
    public String name() {
        return "bundled";
    }

    @Override
    public Optional<String> unavailableBecause() {
        return Optional.empty();
    }

    @Override
    public RunningBalancer start(String proxies, Path workDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return BalancerProcess.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.ganglion.balancer.BalancerMain", "--grace", "1"), proxies, workDir);
    }
}
