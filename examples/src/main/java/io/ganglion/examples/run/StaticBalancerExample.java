package io.ganglion.examples.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ganglion.agent.Shutdown;
import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.StatsSocketSpec;
import io.ganglion.examples.demo.DemoBackend;

/**
 * A balancer configuration with static servers ({@code quickstart.cfg}, {@code guide.cfg}): a small
 * HTTP server on every address a {@code server} line names, then the balancer itself, in this
 * process. The directories of its unix sockets are created (owner only), so a socket under
 * {@code /tmp/ganglion-$USER/} needs no root.
 */
final class StaticBalancerExample {

    private StaticBalancerExample() {
    }

    static Started start(Path configFile, Shutdown running) throws Exception {
        BalancerConfig config = ConfigParser.parse(configFile);
        Path socket = null;
        for (StatsSocketSpec spec : config.global().statsSockets()) {
            if (spec.unixPath() != null) {
                createPrivateDirectory(spec.unixPath().toAbsolutePath().getParent());
                socket = socket == null ? spec.unixPath() : socket;
            }
        }
        Map<String, ServerSpec> servers = new LinkedHashMap<>();
        Map<String, Integer> perBackend = new LinkedHashMap<>();
        for (ProxySection proxy : config.proxies()) {
            proxy.servers().forEach(server -> servers.putIfAbsent(server.host() + ":" + server.port(), server));
            if (!proxy.servers().isEmpty()) {
                perBackend.put(proxy.name(), proxy.servers().size());
            }
        }
        for (ServerSpec server : servers.values()) {
            running.add(new DemoBackend(server.name(), new InetSocketAddress(server.host(), server.port())));
        }
        running.add(Balancer.start(config)::close);
        return new Started(Frontends.first(config, null), socket, perBackend);
    }

    static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }
}
