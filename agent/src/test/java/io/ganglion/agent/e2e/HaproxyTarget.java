package io.ganglion.agent.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The distribution's HAProxy (2.6+, dynamic servers), in the foreground ({@code -db}), one per test. */
final class HaproxyTarget implements BalancerTarget {

    @Override
    public String name() {
        return "haproxy";
    }

    private static Optional<Path> binary() {
        String chosen = System.getenv("GANGLION_HAPROXY");
        Stream<Path> candidates = chosen != null && !chosen.isEmpty() ? Stream.of(Path.of(chosen))
                : Stream.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy"));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    @Override
    public Optional<String> unavailableBecause() {
        return binary().isPresent() ? Optional.empty()
                : Optional.of("haproxy is not installed (GANGLION_HAPROXY, /usr/sbin, /usr/local/sbin): apt-get install -y haproxy");
    }

    @Override
    public RunningBalancer start(String proxies, Path workDir) throws IOException {
        return BalancerProcess.start(List.of(binary().orElseThrow().toString(), "-db"), proxies, workDir);
    }
}
