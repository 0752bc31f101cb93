package io.ganglion.agent.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;

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
        Path socket = workDir.resolve("admin.sock");
        int tcpPort = Ports.free();
        Files.deleteIfExists(socket);
        Path config = workDir.resolve("balancer.cfg");
        Files.writeString(config, "global\n"
                + "    stats socket " + socket + " mode 600 level admin\n"
                + "    stats socket ipv4@127.0.0.1:" + tcpPort + " level admin\n"
                + "    stats timeout 2m\n\n" + proxies, StandardCharsets.UTF_8);
        Path log = workDir.resolve("balancer.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.ganglion.balancer.BalancerMain", "-f", config.toString(), "--grace", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        Running running = new Running(process, socket, tcpPort);
        try {
            await("bundled balancer socket " + socket).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the balancer exited: " + Files.readString(log));
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

        @Override
        public void close() {
            process.destroy();
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                process.destroyForcibly();
                process.onExit().join();
            }
        }
    }
}
