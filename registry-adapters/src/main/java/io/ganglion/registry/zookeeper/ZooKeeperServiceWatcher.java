package io.ganglion.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import io.ganglion.registry.ServiceWatcher;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.common.PathUtils;

/**
 * Watches one service in the SmartStack ZooKeeper layout: one child znode per instance under the
 * service path, its data Nerve's JSON record ({@link SmartStackJson}). Built on Curator's
 * {@code CuratorCache}.
 *
 * <pre>{@code
 * ServiceWatcher web = ZooKeeperServiceWatcher.builder(curator, "/nerve/services/web/services").build();
 * }</pre>
 *
 * <p>What it does with trouble:
 * <ul>
 *   <li>Connection SUSPENDED or LOST: the last endpoints are re-emitted as STALE and kept.
 *   <li>Reconnection: the cache re-reads; a FRESH snapshot follows once its children match a direct
 *       listing of the service path.
 *   <li>Malformed child data: the child is skipped, logged once per version, and counted in
 *       {@code ServiceSnapshot.skippedEntries()}; the other children are unaffected.
 *   <li>A missing service path is a fresh answer with no endpoints (nobody registered yet).
 * </ul>
 * Limits: a node whose data changed during an outage may be emitted once more with its old data in
 * the first FRESH snapshot after the reconnection, then with the new data a moment later (the
 * verification compares children, not their data). Grandchildren of the service path are ignored.
 */
public final class ZooKeeperServiceWatcher {

    private ZooKeeperServiceWatcher() {
    }

    /**
     * @param client      a Curator client, started by the caller and closed after the watcher
     * @param servicePath absolute znode path whose children are the instances
     */
    public static Builder builder(CuratorFramework client, String servicePath) {
        return new Builder(client, servicePath);
    }

    /** Options for one watcher; {@link #build()} gives an unstarted watcher. */
    public static final class Builder {
        private final CuratorFramework client;
        private final String servicePath;
        private String serviceName;
        private Duration verifyInterval = Duration.ofSeconds(1);

        private Builder(CuratorFramework client, String servicePath) {
            this.client = requireNonNull(client, "client");
            PathUtils.validatePath(requireNonNull(servicePath, "servicePath"));
            this.servicePath = servicePath;
            this.serviceName = ZKPaths.getNodeFromPath(servicePath);
        }

        /** The name snapshots carry; defaults to the last segment of the service path. */
        public Builder serviceName(String name) {
            if (requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("service name must not be blank");
            }
            this.serviceName = name;
            return this;
        }

        /** How often an unverified cache is compared with ZooKeeper again (default 1 s). */
        public Builder verifyInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("verify interval must be positive, got " + interval);
            }
            this.verifyInterval = interval;
            return this;
        }

        public ServiceWatcher build() {
            if (servicePath.equals("/")) {
                throw new IllegalArgumentException("service path must not be the root: give the service's own znode");
            }
            return new CuratorCacheWatcher(client, servicePath, serviceName, verifyInterval);
        }
    }
}
