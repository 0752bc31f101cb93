package io.ganglion.registry.zookeeper;

import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/** Builds Curator clients from {@link ZooKeeperSettings}. */
public final class ZooKeeperClients {

    private ZooKeeperClients() {
    }

    /**
     * An unstarted client. The chroot stays in the connect string (ZooKeeper applies it; a
     * {@link ZooKeeperRegistrar} creates it when missing) and Curator's ensemble tracker is off, since it would rewrite the connect string from the
     * ensemble's config and drop the chroot. Without TLS, ZooKeeper's configuration is read
     * without its TLS set-up ({@link PlainClientConfig}).
     */
    public static CuratorFramework newClient(ZooKeeperSettings settings) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs(Math.toIntExact(settings.sessionTimeout().toMillis()))
                .connectionTimeoutMs(Math.toIntExact(settings.connectionTimeout().toMillis()))
                .retryPolicy(new BoundedExponentialBackoffRetry(250, 10_000, 29))
                .ensembleTracker(false)
                .zkClientConfig(PlainClientConfig.forThisJvm());
        settings.digest().ifPresent(d -> builder.authorization("digest", d.getBytes(StandardCharsets.UTF_8)));
        return builder.build();
    }
}
