package io.ganglion.agent.e2e;

import io.ganglion.balancer.testing.Ports;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;

/**
 * Runs a balancer process for a {@link BalancerTarget}: writes its configuration (a {@code global}
 * section with an admin stats socket on a unix path and on loopback TCP, then the test's proxies),
 * starts the command with {@code -f FILE}, and returns once the socket answers.
 */
final class BalancerProcess implements RunningBalancer {

    private final Process process;
    private final Path adminSocket;
    private final int adminTcpPort;

    private BalancerProcess(Process process, Path adminSocket, int adminTcpPort) {
        this.process = process;
        this.adminSocket = adminSocket;
        this.adminTcpPort = adminTcpPort;
    }

    /** @param command the balancer's command line up to (not including) {@code -f FILE} */
    static RunningBalancer start(List<String> command, String proxies, Path workDir) throws IOException {
        Path socket = workDir.resolve("admin.sock");
        int tcpPort = Ports.free();
        Files.deleteIfExists(socket);
        Path config = workDir.resolve("balancer.cfg");
        Files.writeString(config, "global\n"
                + "    stats socket " + socket + " mode 600 level admin\n"
                + "    stats socket ipv4@127.0.0.1:" + tcpPort + " level admin\n"
                + "    stats timeout 2m\n\n" + proxies, StandardCharsets.UTF_8);
        Path log = workDir.resolve("balancer.log");
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-f", config.toString()));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        BalancerProcess running = new BalancerProcess(process, socket, tcpPort);
        try {
            await("balancer socket " + socket).atMost(E2e.GENEROUS).pollInterval(java.time.Duration.ofMillis(50))
                    .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(full.get(0) + " exited: " + Files.readString(log));
                        }
                        return !new RuntimeClient(new UnixSocketEndpoint(socket), Timeouts.DEFAULT).showVersion().isEmpty();
                    });
            return running;
        } catch (RuntimeException | Error e) {
            running.close();
            throw e;
        }
    }

    @Override
    public Path adminSocket() {
        return adminSocket;
    }

    @Override
    public int adminTcpPort() {
        return adminTcpPort;
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM, then SIGKILL if it has not gone after 30 s; waits for the exit either way. */
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
