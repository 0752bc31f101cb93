package io.ganglion.agent.e2e;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;

/**
 * Registers instances in ZooKeeper the way Nerve does: an ephemeral sequential child of the
 * service path whose data is Nerve's compact JSON ({@code host}, {@code port}, {@code name},
 * optional {@code weight}). Keeps each instance's znode so it can be changed or removed.
 */
final class NerveRegistry {

    private final CuratorFramework client;
    private final String servicePath;
    private final Map<String, String> nodes = new HashMap<>();

    NerveRegistry(CuratorFramework client, String servicePath) {
        this.client = client;
        this.servicePath = servicePath;
    }

    static byte[] json(String name, int port, int weight) {
        return ("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"name\":\"" + name + "\",\"weight\":" + weight + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    void register(String name, int port, int weight) throws Exception {
        nodes.put(name, client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(servicePath + "/" + name + "_", json(name, port, weight)));
    }

    /** Writes raw bytes as an instance's data (for malformed records). */
    void registerRaw(String name, byte[] data) throws Exception {
        nodes.put(name, client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(servicePath + "/" + name + "_", data));
    }

    void reweight(String name, int port, int weight) throws Exception {
        client.setData().forPath(nodes.get(name), json(name, port, weight));
    }

    /** The instance moves to another port in one transaction: old node gone, new one there. */
    void move(String name, int newPort, int weight) throws Exception {
        CuratorOp delete = client.transactionOp().delete().forPath(nodes.get(name));
        CuratorOp create = client.transactionOp().create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(servicePath + "/" + name + "_", json(name, newPort, weight));
        String created = client.transaction().forOperations(delete, create).get(1).getResultPath();
        nodes.put(name, created);
    }

    void remove(String name) throws Exception {
        client.delete().forPath(nodes.remove(name));
    }

    /** The server name the agent derives for an instance registered here (Synapse's id, prefixed). */
    static String serverName(String name, int port) {
        return "g-" + name + "_127.0.0.1:" + port;
    }
}
