package io.ganglion.bench.converge;

import io.ganglion.registry.zookeeper.SmartStackJson;
import io.ganglion.registry.zookeeper.SmartStackRecord;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;

/**
 * Writes instances into ZooKeeper the way Nerve does (SmartStack layout): an ephemeral sequential
 * child {@code <name>_NNNNNNNNNN} of the service path whose data is Nerve's JSON record
 * ({@code {"host":..,"port":..,"name":..,"weight":..}}). Each method returns once ZooKeeper has
 * acknowledged the write: the moment a change's convergence time starts.
 */
final class NerveWriter {
    private static final String HOST = "127.0.0.1";

    private final CuratorFramework client;
    private final String servicePath;

    NerveWriter(CuratorFramework client, String servicePath) {
        this.client = client;
        this.servicePath = servicePath;
    }

    /** @return the instance's znode, for the later changes */
    String register(String name, int port, int weight) throws Exception {
        return client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(servicePath + "/" + name + "_", record(name, port, weight));
    }

    void reweight(String node, String name, int port, int weight) throws Exception {
        client.setData().forPath(node, record(name, port, weight));
    }

    void remove(String node) throws Exception {
        client.delete().forPath(node);
    }

    private static byte[] record(String name, int port, int weight) {
        return SmartStackJson.write(SmartStackRecord.of(HOST, port, name).withWeight(weight));
    }
}
