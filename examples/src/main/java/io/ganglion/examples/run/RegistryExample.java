package io.ganglion.examples.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ganglion.agent.Agent;
import io.ganglion.agent.Shutdown;
import io.ganglion.agent.config.AgentConfig;
import io.ganglion.agent.config.BalancerSettings;
import io.ganglion.agent.config.CheckSettings;
import io.ganglion.agent.config.ConfigLoader;
import io.ganglion.agent.config.ConsulRegistry;
import io.ganglion.agent.config.RegisterSettings;
import io.ganglion.agent.config.RegistrySettings;
import io.ganglion.agent.config.WatchSettings;
import io.ganglion.agent.config.ZooKeeperRegistry;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.examples.demo.DemoBackend;
import io.ganglion.registry.consul.ConsulApiDouble;
import org.apache.curator.test.TestingServer;

/**
 * An agent configuration ({@code ganglion.yaml}) with what it needs around it, on the addresses it
 * names: each registry (an in-process ZooKeeper, or the Consul API double in place of a local
 * Consul agent), {@value #INSTANCES} instances of every watched service published there as a Nerve
 * or a Consul agent would, this host's own service for each {@code register} entry (so its check
 * passes), a real HAProxy when the example drives one, and last the agent itself, which starts the
 * bundled balancer when the configuration says {@code bundled:}.
 */
final class RegistryExample {

    static final int INSTANCES = 2;
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private final AgentConfig config;
    private final Shutdown running;
    private final Map<String, String> zooKeepers = new HashMap<>();
    private final Map<String, ConsulApiDouble> consuls = new HashMap<>();

    private RegistryExample(AgentConfig config, Shutdown running) {
        this.config = config;
        this.running = running;
    }

    /**
     * @param haproxyConfig the HAProxy configuration the agent drives, or null when it is bundled
     */
    static Started start(Path agentConfig, Path haproxyConfig, Shutdown running) throws Exception {
        AgentConfig config = new ConfigLoader().load(agentConfig);
        RegistryExample example = new RegistryExample(config, running);
        example.startRegistries();
        example.publishInstances();
        for (RegisterSettings own : config.register()) {
            running.add(new DemoBackend(own.service(), new InetSocketAddress(own.host(), own.port())));
        }
        String backend = config.watch().get(0).backend();
        URI frontend;
        if (haproxyConfig != null) {
            running.add(HaproxyProcess.start(haproxyConfig, Path.of(config.balancer().socket())));
            frontend = HaproxyFrontend.serving(haproxyConfig, backend);
        } else {
            frontend = Frontends.first(ConfigParser.parse(Path.of(config.balancer().bundled())), backend);
        }
        running.add(Agent.start(config));
        Map<String, Integer> servers = new LinkedHashMap<>();
        config.watch().forEach(watch -> servers.put(watch.backend(), INSTANCES));
        return new Started(frontend, Path.of(config.balancer().socket()), servers);
    }

    private void startRegistries() throws Exception {
        for (Map.Entry<String, RegistrySettings> registry : config.registries().entrySet()) {
            if (registry.getValue() instanceof ZooKeeperRegistry zk) {
                String first = zk.connect().split(",")[0];
                int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
                TestingServer server = running.add(new TestingServer(port, true));
                zooKeepers.put(registry.getKey(), server.getConnectString());
            } else if (registry.getValue() instanceof ConsulRegistry consul) {
                consuls.put(registry.getKey(), running.add(new ConsulApiDouble(URI.create(consul.address()).getPort())));
            }
        }
    }

    /** Instances named {@code SERVICE-1}, {@code SERVICE-2}, each an HTTP server on a free loopback port. */
    private void publishInstances() throws Exception {
        for (WatchSettings watch : config.watch()) {
            for (int i = 1; i <= INSTANCES; i++) {
                String name = watch.service() + "-" + i;
                DemoBackend instance = running.add(new DemoBackend(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
                ConsulApiDouble consul = consuls.get(watch.registry());
                if (consul != null) {
                    consul.putInstance("host-" + i, name, watch.name(), "127.0.0.1", instance.port(), watch.tags(), null);
                } else {
                    running.add(Agent.start(nerve(watch, name, instance.port())));
                }
            }
        }
    }

    /** A register-only agent for one instance: SmartStack's Nerve, publishing it while its check passes. */
    private AgentConfig nerve(WatchSettings watch, String name, int port) {
        ZooKeeperRegistry zk = (ZooKeeperRegistry) config.registries().get(watch.registry());
        ZooKeeperRegistry local = new ZooKeeperRegistry(zooKeepers.get(watch.registry()), zk.chroot(), zk.auth(),
                zk.sessionTimeout(), zk.connectionTimeout());
        CheckSettings check = new CheckSettings("http", "/health", 200, null, CHECK_INTERVAL, Duration.ofSeconds(1), 1, 1);
        RegisterSettings register = new RegisterSettings(watch.service(), watch.registry(), watch.path(), null, name,
                "127.0.0.1", port, Map.of(), List.of(), null, List.of(check));
        // Every agent names a balancer socket; with nothing to watch this one sends no command.
        return new AgentConfig(new BalancerSettings(config.balancer().socket(), null, null),
                Map.of(watch.registry(), local), List.of(), List.of(register), "127.0.0.1:0", null, Duration.ZERO);
    }
}
