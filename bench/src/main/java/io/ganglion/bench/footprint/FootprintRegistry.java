package io.ganglion.bench.footprint;

import io.ganglion.agent.Shutdown;
import io.ganglion.registry.zookeeper.SmartStackJson;
import io.ganglion.registry.zookeeper.SmartStackRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;

/**
 * The ZooKeeper (in-process) of the {@code footprint} part, filled as Nerve would: the first service
 * with {@code bigService} instances spread over the harness's HTTP backends (a name each, so a
 * server each), every other one with a few; {@link #SERVICES} services in all, the agent's goal of
 * issue 18.
 */
public final class FootprintRegistry implements AutoCloseable {
    public static final int SERVICES = 10;
    private static final int SMALL_SERVICE = 3;
    private static final String HOST = "127.0.0.1";

    private final Shutdown toClose = new Shutdown();
    private final String connect;

    private FootprintRegistry(String connect) {
        this.connect = connect;
    }

    public static FootprintRegistry start(int bigService, List<Integer> httpPorts) throws Exception {
        TestingServer server = new TestingServer(true);
        FootprintRegistry registry = new FootprintRegistry(server.getConnectString());
        registry.toClose.add(server);
        try {
            CuratorFramework curator = registry.toClose.add(CuratorFrameworkFactory.newClient(server.getConnectString(),
                    30_000, 10_000, new RetryOneTime(200)));
            curator.start();
            for (int s = 0; s < SERVICES; s++) {
                int instances = s == 0 ? bigService : SMALL_SERVICE;
                for (int i = 0; i < instances; i++) {
                    String name = service(s) + "-" + i;
                    curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                            .forPath(path(s) + "/" + name + "_", SmartStackJson.write(
                                    SmartStackRecord.of(HOST, httpPorts.get(i % httpPorts.size()), name)));
                }
            }
            return registry;
        } catch (Exception e) {
            registry.close();
            throw e;
        }
    }

    public static String service(int index) {
        return "svc" + index;
    }

    public static String path(int index) {
        return "/nerve/services/" + service(index) + "/services";
    }

    public static String backend(int index) {
        return "be_" + service(index);
    }

    /** The agent's {@code watch:} list, one line a service. */
    public static String watchYaml() {
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            lines.add("  - { service: %s, registry: zk, path: %s, backend: %s }".formatted(service(s), path(s), backend(s)));
        }
        return String.join("\n", lines) + "\n";
    }

    public String connect() {
        return connect;
    }

    @Override
    public void close() throws Exception {
        toClose.close();
    }
}
