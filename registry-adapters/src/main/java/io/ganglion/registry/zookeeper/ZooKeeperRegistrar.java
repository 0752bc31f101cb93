package io.ganglion.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import io.ganglion.registry.Registrar;
import io.ganglion.registry.internal.Lifecycle;
import java.io.IOException;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.common.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this host in the SmartStack layout exactly as Nerve does: while healthy, an
 * {@code EPHEMERAL_SEQUENTIAL} znode {@code <servicePath>/<name>_<10-digit sequence>} whose data is
 * the record in Nerve's compact JSON ({@link SmartStackJson}). Nerve/Synapse hosts and Ganglion hosts
 * can therefore share one service path during a migration.
 *
 * <p>The node is a Curator {@link PersistentNode}: a short disconnection leaves it alone (the
 * ephemeral node lives as long as the session), and when the session expires, or someone deletes
 * the node, it is created again in the current session under the same name (so readers keep its id). The service path itself
 * is created as a plain persistent node when missing (Nerve's {@code mkdir_p}).
 *
 * <p>Limit: without Curator's "protection" (which would change the node name, and so the layout), a
 * create whose answer is lost to a connection drop can leave a second node for this host until the
 * session ends; watchers merge the two because they share an id.
 *
 * <p>Threads: {@link #node} is guarded by {@code this}; all public methods are synchronized, and none
 * blocks on ZooKeeper (PersistentNode works in the background).
 */
public final class ZooKeeperRegistrar implements Registrar {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperRegistrar.class);

    private final CuratorFramework client;
    private final String servicePath;
    private final byte[] data;
    private final String nodePrefix;
    private final Lifecycle lifecycle;
    private PersistentNode node; // guarded by this

    /**
     * @param client      a started Curator client, closed by the caller after the registrar
     * @param servicePath absolute path of the service (parent of the instance znodes)
     * @param record      what to publish; its name becomes the znode name's prefix
     */
    public ZooKeeperRegistrar(CuratorFramework client, String servicePath, SmartStackRecord record) {
        this.client = requireNonNull(client, "client");
        PathUtils.validatePath(requireNonNull(servicePath, "servicePath"));
        if (record.name().isEmpty() || record.name().contains("/")) {
            throw new IllegalArgumentException("SmartStack record name must be a non-empty znode name (Nerve's instance_id), got \""
                    + record.name() + "\"");
        }
        this.servicePath = servicePath;
        this.data = SmartStackJson.write(record);
        this.nodePrefix = ZKPaths.makePath(servicePath, record.name() + "_");
        this.lifecycle = new Lifecycle("ZooKeeper registrar for " + nodePrefix);
    }

    @Override
    public synchronized void start() {
        lifecycle.start();
    }

    @Override
    public synchronized void reportHealth(boolean healthy) {
        lifecycle.checkStarted();
        if (healthy && node == null) {
            ensureServicePath();
            node = new PersistentNode(client, CreateMode.EPHEMERAL_SEQUENTIAL, false, nodePrefix, data);
            node.start();
            log.info("Registering {} in ZooKeeper", nodePrefix);
        } else if (!healthy && node != null) {
            withdraw();
        }
    }

    /** The znode this registrar holds right now, if it is registered and ZooKeeper confirmed it. */
    public synchronized Optional<String> registeredPath() {
        return Optional.ofNullable(node).map(PersistentNode::getActualPath);
    }

    @Override
    public synchronized void close() {
        if (lifecycle.close() && node != null) {
            withdraw();
        }
    }

    private void withdraw() {
        log.info("Deregistering {} from ZooKeeper", nodePrefix);
        try {
            node.close(); // deletes the node in the background, retrying while connected
        } catch (IOException e) {
            log.warn("Deregistering {}: {}; the ephemeral node ends with the session at the latest", nodePrefix, e.toString());
        }
        node = null;
    }

    /** Creates the service path as a persistent node, in the background; "already there" is fine. */
    private void ensureServicePath() {
        try {
            client.create().creatingParentsIfNeeded().inBackground((c, event) -> {
                int code = event.getResultCode();
                if (code != KeeperException.Code.OK.intValue() && code != KeeperException.Code.NODEEXISTS.intValue()) {
                    log.warn("Creating service path {}: {}", servicePath, KeeperException.Code.get(code));
                }
            }).forPath(servicePath);
        } catch (Exception e) {
            log.warn("Creating service path {}: {}", servicePath, e.toString());
        }
    }
}
