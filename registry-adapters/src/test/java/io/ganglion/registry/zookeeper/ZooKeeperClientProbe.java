package io.ganglion.registry.zookeeper;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;

/** Run by {@link ZooKeeperClientsTest} in a JVM of its own: connects, lists the root, exits 0. */
final class ZooKeeperClientProbe {

    private ZooKeeperClientProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (CuratorFramework client = ZooKeeperClients.newClient(ZooKeeperSettings.of(args[0]))) {
            client.start();
            if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
                System.out.println("not connected to " + args[0]);
                System.exit(1);
            }
            System.out.println("children of /: " + client.getChildren().forPath("/"));
        }
        System.exit(0);
    }
}
