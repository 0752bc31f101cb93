package io.ganglion.registry.zookeeper;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooKeeper;

/** Helpers around a real in-process ZooKeeper. */
final class ZooKeeperTestSupport {

    static final Duration SESSION = Duration.ofSeconds(6);
    static final Duration CONNECTION = Duration.ofSeconds(3);

    private ZooKeeperTestSupport() {
    }

    static CuratorFramework startedClient(TestingServer server) {
        return startedClient(ZooKeeperSettings.of(server.getConnectString()).withTimeouts(SESSION, CONNECTION));
    }

    static CuratorFramework startedClient(ZooKeeperSettings settings) {
        CuratorFramework client = ZooKeeperClients.newClient(settings);
        client.start();
        return client;
    }

    /** Writes a child znode the way Nerve does: ephemeral, under the service path created with mkdir_p. */
    static String nerveWrites(CuratorFramework client, String servicePath, String znodeName, String json) throws Exception {
        return client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(servicePath + "/" + znodeName, json.getBytes(UTF_8));
    }

    static String record(String host, int port, String name) {
        return "{\"host\":\"" + host + "\",\"port\":" + port + ",\"name\":\"" + name + "\"}";
    }

    /**
     * Expires the client's session the way a partition longer than the session timeout does: the
     * client learns of the expiry first (and opens a new session), the server drops the old session,
     * with its ephemeral nodes, when the session timeout runs out.
     */
    static void expireSession(CuratorFramework client) throws Exception {
        ZooKeeper current = client.getZookeeperClient().getZooKeeper();
        long expired = current.getSessionId();
        current.getTestable().injectSessionExpiration();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.getZookeeperClient().isConnected()
                        && client.getZookeeperClient().getZooKeeper().getSessionId() != expired);
    }
}
