package io.ganglion.examples.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ganglion.agent.Agent;
import io.ganglion.agent.Shutdown;
import io.ganglion.agent.config.AgentConfig;
import io.ganglion.agent.config.BalancerSettings;
import io.ganglion.agent.config.CheckSettings;
import io.ganglion.agent.config.ConfigLoader;
import io.ganglion.agent.config.RegisterSettings;
import io.ganglion.agent.config.ZooKeeperRegistry;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;
import org.apache.curator.test.TestingServer;

/**
 * Everything the demo runs, on loopback, under one temporary directory: an in-process ZooKeeper,
 * the agent (which starts and supervises the bundled balancer as a process of its own, from the
 * generated {@code balancer.cfg}), and service instances, each an HTTP server with a register-only
 * agent of its own — one Nerve per "host", as SmartStack runs it. {@link #close()} stops them in
 * the reverse order and deletes the directory.
 *
 * <p><b>Threads.</b> Built and changed by the story thread only; {@link #close()} may come from the
 * shutdown hook while the story runs, which is why it is synchronized with the changes.
 */
final class DemoWorld implements AutoCloseable {

    static final String BACKEND = "be_demo";
    static final String SERVICE_PATH = "/services/demo";
    /** Every instance registers with this weight, so that a canary can be given a tenth of it. */
    static final int WEIGHT = 100;

    private final Path dir;
    private final Shutdown toClose = new Shutdown();
    private final Map<String, DemoBackend> instances = new LinkedHashMap<>();
    private final TestingServer zooKeeper;
    private final Agent agent;
    private final int frontendPort;
    private boolean closed;

    DemoWorld(Path dir) throws Exception {
        this.dir = dir;
        try {
            zooKeeper = toClose.add(new TestingServer(true));
            frontendPort = freePort();
            Path balancerConfig = dir.resolve("balancer.cfg");
            Files.writeString(balancerConfig, DemoFiles.balancerConfig(socketPath(), frontendPort), StandardCharsets.UTF_8);
            Path agentConfig = dir.resolve("ganglion.yaml");
            Files.writeString(agentConfig, DemoFiles.agentConfig(socketPath(), balancerConfig, zooKeeper.getConnectString()),
                    StandardCharsets.UTF_8);
            agent = toClose.add(Agent.start(new ConfigLoader().load(agentConfig)));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Starts an instance and its Nerve; it joins once its health check has passed {@code rise} times. */
    synchronized DemoBackend startInstance(String name) throws IOException {
        if (closed) {
            throw new IllegalStateException("the demo is stopping");
        }
        DemoBackend backend = toClose.add(new DemoBackend(name));
        instances.put(name, backend);
        toClose.add(Agent.start(nerveConfig(backend)));
        return backend;
    }

    private AgentConfig nerveConfig(DemoBackend backend) {
        CheckSettings check = new CheckSettings("http", "/health", 200, null, Duration.ofMillis(500),
                Duration.ofSeconds(1), 2, 2);
        RegisterSettings register = new RegisterSettings("demo", "zk", SERVICE_PATH, null, backend.name(),
                "127.0.0.1", backend.port(), Map.of("az", "local"), List.of(), WEIGHT, List.of(check));
        // A register-only agent: no watch. It is pointed at the demo's socket because every agent
        // names one, but with nothing to watch it sends no command.
        return new AgentConfig(new BalancerSettings(socketPath().toString(), null, null),
                Map.of("zk", zooKeeperRegistry()), List.of(), List.of(register), "127.0.0.1:0",
                Duration.ofSeconds(5), Duration.ofMillis(500));
    }

    private ZooKeeperRegistry zooKeeperRegistry() {
        // A session longer than the outage of the story, so the instances' znodes outlive it.
        return new ZooKeeperRegistry(zooKeeper.getConnectString(), null, null, Duration.ofSeconds(40),
                Duration.ofSeconds(5));
    }

    DemoBackend instance(String name) {
        return instances.get(name);
    }

    void stopZooKeeper() throws IOException {
        zooKeeper.stop();
    }

    void restartZooKeeper() throws Exception {
        zooKeeper.restart();
    }

    Path socketPath() {
        return dir.resolve("admin.sock");
    }

    Path dir() {
        return dir;
    }

    URI frontend() {
        return URI.create("http://127.0.0.1:" + frontendPort + "/");
    }

    String statusUrl() {
        InetSocketAddress status = agent.statusAddress();
        return "http://" + status.getHostString() + ":" + status.getPort() + "/status";
    }

    RuntimeClient socket() {
        return new RuntimeClient(new UnixSocketEndpoint(socketPath()), new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // The watching agent first: the instances deregister as they stop, and an agent still
        // watching would read that as the registry losing every server at once (its 'shrink' rule).
        if (agent != null) {
            agent.close();
        }
        toClose.close();
        deleteTree(dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("ganglion demo: could not delete " + root + ": " + e.getMessage());
        }
    }
}
