package io.ganglion.runtime.balancers;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;


/** The real HAProxy (2.6 from the distribution), run in the foreground ({@code -db}) per test. */
public final class HaproxyTarget implements BalancerTarget {

    private static final List<Path> CANDIDATES = Stream.concat(
                    Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                            .filter(dir -> !dir.isEmpty())
                            .map(dir -> Path.of(dir, "haproxy")),
                    Stream.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy")))
            .toList();

    @Override
    public String name() {
        return "haproxy";
    }

    /** GANGLION_HAPROXY names the binary to use instead of searching (another build, or a test of the skip rule). */
    private static Optional<Path> binary() {
        String chosen = System.getenv("GANGLION_HAPROXY");
        if (chosen != null && !chosen.isEmpty()) {
            return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
        }
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    @Override
    public Optional<String> unavailableBecause() {
        return binary().isPresent() ? Optional.empty()
                : Optional.of("haproxy is not installed (looked in GANGLION_HAPROXY, PATH, /usr/sbin, /usr/local/sbin); "
                        + "install it with: apt-get install -y haproxy");
    }

    @Override
    public RunningBalancer start(String proxies, Path workDir) throws IOException {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(unavailableBecause().orElseThrow()));
        return BalancerProcess.start("haproxy", List.of(binary.toString(), "-db", "-f", "{config}"), proxies, workDir);
    }
}
