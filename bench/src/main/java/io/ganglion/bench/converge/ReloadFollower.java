package io.ganglion.bench.converge;

import io.ganglion.agent.Shutdown;
import io.ganglion.registry.Endpoint;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.zookeeper.ZooKeeperClients;
import io.ganglion.registry.zookeeper.ZooKeeperServiceWatcher;
import io.ganglion.registry.zookeeper.ZooKeeperSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;

/**
 * The reload-based column's way of following the registry: the same ZooKeeper watcher the agent
 * uses (so that only what happens after the watch differs), feeding {@link ReloadingHaproxy}.
 */
public final class ReloadFollower implements ConvergeRun.Follower {
    private final String haproxy;
    private final Path dir;
    private final Path logFile;
    private final Function<List<Endpoint>, String> render;

    /** @param render the whole HAProxy configuration for a list of endpoints */
    public ReloadFollower(String haproxy, Path dir, Path logFile, Function<List<Endpoint>, String> render) {
        this.haproxy = haproxy;
        this.dir = dir;
        this.logFile = logFile;
        this.render = render;
    }

    @Override
    public AutoCloseable start(String zooKeeperConnect, String servicePath) {
        Shutdown toClose = new Shutdown();
        try {
            CuratorFramework client = toClose.add(ZooKeeperClients.newClient(ZooKeeperSettings.of(zooKeeperConnect)));
            client.start();
            ReloadingHaproxy reloading = toClose.add(new ReloadingHaproxy(haproxy, dir, logFile, render));
            ServiceWatcher watcher = toClose.add(ZooKeeperServiceWatcher.builder(client, servicePath).build());
            reloading.follow(watcher);
            watcher.start();
            return toClose;
        } catch (RuntimeException e) {
            toClose.close();
            throw e;
        }
    }
}
