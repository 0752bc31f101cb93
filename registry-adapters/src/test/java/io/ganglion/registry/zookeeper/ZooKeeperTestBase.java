package io.ganglion.registry.zookeeper;

import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.startedClient;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * One real ZooKeeper per test class; per test, a client playing Nerve (the other hosts), a client
 * playing Ganglion, and a service path of its own.
 */
abstract class ZooKeeperTestBase {

    static TestingServer server;
    CuratorFramework nerve;
    CuratorFramework ganglion;
    String servicePath;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    @BeforeEach
    void clients(TestInfo test) {
        nerve = startedClient(server);
        ganglion = startedClient(server);
        servicePath = "/nerve/" + test.getTestMethod().orElseThrow().getName() + "/services";
    }

    @AfterEach
    void closeClients() {
        ganglion.close();
        nerve.close();
    }
}
