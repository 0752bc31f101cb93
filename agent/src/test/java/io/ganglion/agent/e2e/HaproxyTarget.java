package io.ganglion.agent.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;

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
        Path socket = workDir.resolve("admin.sock");
        int tcpPort = Ports.free();
        Files.deleteIfExists(socket);
        Path config = workDir.resolve("haproxy.cfg");
        Files.writeString(config, "global\n"
                + "    stats socket " + socket + " mode 600 level admin\n"
                + "    stats socket ipv4@127.0.0.1:" + tcpPort + " level admin\n"
                + "    stats timeout 2m\n\n" + proxies, StandardCharsets.UTF_8);
        Path log = workDir.resolve("haproxy.log");
        Process process = new ProcessBuilder(binary().orElseThrow().toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Running running = new Running(process, socket, tcpPort);
        try {
            await("haproxy socket " + socket).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("haproxy exited: " + Files.readString(log));
                        }
                        return !new RuntimeClient(new UnixSocketEndpoint(socket), Timeouts.DEFAULT).showVersion().isEmpty();
                    });
            return running;
        } catch (RuntimeException | Error e) {
            running.close();
            throw e;
        }
    }

    private record Running(Process process, Path adminSocket, int adminTcpPort) implements RunningBalancer {

        @Override
        public void kill() {
            process.destroyForcibly();
        }

        /** SIGTERM, then SIGKILL if it has not gone after 20 s; waits for the exit either way. */
        @Override
        public void close() {
            process.destroy();
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                process.destroyForcibly();
                process.onExit().join();
            }
        }
    }
}
