package io.ganglion.registry.zookeeper;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Creates the chroot of a connect string ({@code host:port/smartstack}) when it is missing, as Nerve's
 * ZooKeeper client does by default (the zk gem's {@code :chroot => :create}). A client inside the
 * chroot cannot do it: ZooKeeper prefixes every path it sends with the chroot, so the chroot's own
 * node is out of its reach. This opens a short session on the same servers without the chroot.
 */
final class ChrootCreator {

    private final ZooKeeperSettings settings;

    ChrootCreator(ZooKeeperSettings settings) {
        this.settings = settings;
    }

    boolean hasChroot() {
        return settings.chroot().filter(c -> !c.equals("/")).isPresent();
    }

    /** Creates the chroot and its parents as persistent nodes; one that exists is fine. Blocks. */
    void create() throws Exception {
        String chroot = settings.chroot().orElseThrow();
        String servers = settings.connectString().substring(0, settings.connectString().indexOf('/'));
        Duration timeout = settings.connectionTimeout();
        try (CuratorFramework root = ZooKeeperClients.newClient(new ZooKeeperSettings(servers, settings.sessionTimeout(),
                timeout, settings.digest()))) {
            root.start();
            if (!root.blockUntilConnected(Math.toIntExact(timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                throw new KeeperException.ConnectionLossException();
            }
            try {
                root.create().creatingParentsIfNeeded().forPath(chroot);
            } catch (KeeperException.NodeExistsException alreadyThere) {
                // someone else created it first: that is all we wanted
            }
        }
    }
}
