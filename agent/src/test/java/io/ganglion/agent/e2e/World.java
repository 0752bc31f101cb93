package io.ganglion.agent.e2e;

import io.ganglion.balancer.testing.Ports;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ganglion.agent.Agent;
import io.ganglion.agent.Shutdown;
import io.ganglion.agent.config.AgentConfig;
import io.ganglion.agent.config.ConfigLoader;
import io.ganglion.registry.consul.ConsulApiDouble;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.ServerState;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Assumptions;

/**
 * One end-to-end test's world: named HTTP backends, a real in-process ZooKeeper, a balancer
 * target with frontend {@code fe_api} → backend {@code be_api} (no servers: the agent fills it),
 * and the agent itself, in-process, driving it over the admin socket. Service {@code api} lives in
 * ZooKeeper, or (a {@link ApiRegistry#CONSUL} world) in the Consul double, watched with the tags
 * {@link ConsulInstances#TAGS}.
 */
final class World implements AutoCloseable {

    static final String SERVICE_PATH = "/services/api";
    private static final String DEFAULT_API_POLICY = "drain_timeout: 10s";

    final Map<String, NamedBackend> backends = new LinkedHashMap<>();
    final TestingServer zooKeeper;
    final CuratorFramework curator;
    final NerveRegistry registry;
    /** Service {@code api} in the registry the agent's watch on {@code be_api} follows. */
    final ApiInstances api;
    /** The Consul double, in a {@link ApiRegistry#CONSUL} world; null otherwise. */
    final ConsulApiDouble consul;
    final RunningBalancer balancer;
    final int frontendPort = Ports.free();
    /** Without the double, the {@code consul} registry of the agent's YAML points here, where nothing answers. */
    final int unansweredConsulPort = Ports.free();
    final Path workDir;
    private final Shutdown toClose = new Shutdown();
    Agent agent;

    private World(BalancerTarget target, ApiRegistry apiRegistry, Path workDir, String extraBackends, String... backendNames)
            throws Exception {
        this.workDir = workDir;
        for (String name : backendNames) {
            NamedBackend backend = new NamedBackend(name);
            toClose.add(backend);
            backends.put(name, backend);
        }
        zooKeeper = new TestingServer(true);
        toClose.add(zooKeeper);
        curator = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(), 40_000, 5_000, new RetryOneTime(200));
        curator.start();
        toClose.add(curator);
        registry = new NerveRegistry(curator, SERVICE_PATH);
        if (apiRegistry == ApiRegistry.CONSUL) {
            consul = toClose.add(new ConsulApiDouble());
            api = new ConsulInstances(consul);
        } else {
            consul = null;
            api = registry;
        }
        balancer = target.start(proxies(extraBackends), workDir);
        toClose.add(balancer);
    }

    static World start(BalancerTarget target, Path workDir, String... backendNames) throws Exception {
        return withExtraBackends(target, workDir, "", backendNames);
    }

    /** A world whose service {@code api} is registered in {@code apiRegistry}. */
    static World start(BalancerTarget target, ApiRegistry apiRegistry, Path workDir, String... backendNames) throws Exception {
        available(target);
        return new World(target, apiRegistry, workDir, "", backendNames);
    }

    /** @param extraBackends more HAProxy sections, appended after {@code be_api} */
    static World withExtraBackends(BalancerTarget target, Path workDir, String extraBackends, String... backendNames)
            throws Exception {
        available(target);
        return new World(target, ApiRegistry.ZOOKEEPER, workDir, extraBackends, backendNames);
    }

    private static void available(BalancerTarget target) {
        target.unavailableBecause().ifPresent(reason -> {
            if ("true".equals(System.getenv("CI"))) {
                fail(target.name() + ": " + reason + " (CI=true: targets may not be skipped)");
            }
            Assumptions.abort(target.name() + ": " + reason);
        });
    }

    private String proxies(String extraBackends) {
        return """
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                    timeout check 2s

                frontend fe_api
                    bind 127.0.0.1:%d
                    default_backend be_api

                backend be_api
                    balance roundrobin
                    option httpchk GET /
                """.formatted(frontendPort) + extraBackends;
    }

    NamedBackend backend(String name) {
        return backends.get(name);
    }

    /**
     * The agent's YAML for this world: registries {@code zk} (the real ZooKeeper) and {@code consul}
     * (the double, or where nothing answers), one watch on service {@code api} (at {@link #SERVICE_PATH},
     * or in Consul), plus {@code extraWatches}.
     */
    String agentYaml(String socket, String extraWatches) {
        return agentYaml(socket, extraWatches, DEFAULT_API_POLICY);
    }

    /** @param apiPolicy the {@code policy:} of the watch on {@code api}, e.g. {@code drain_timeout: 10s} */
    String agentYaml(String socket, String extraWatches, String apiPolicy) {
        String source = consul == null ? "registry: zk, path: " + SERVICE_PATH
                : "registry: consul, name: api, tags: [" + String.join(", ", ConsulInstances.TAGS) + "]";
        String consulAddress = consul == null ? "http://127.0.0.1:" + unansweredConsulPort : consul.address().toString();
        return """
                balancer: { socket: "%s" }
                registries:
                  zk: { type: zookeeper, connect: "%s", session_timeout: 10s, connection_timeout: 5s }
                  consul: { type: consul, address: "%s" }
                watch:
                  - { service: api, %s, backend: be_api, server_options: "check inter 1s",
                      policy: { %s } }
                %s
                status: 127.0.0.1:0
                resync: 300ms
                """.formatted(socket, zooKeeper.getConnectString(), consulAddress, source, apiPolicy, extraWatches);
    }

    Path writeAgentConfig(String yaml) throws Exception {
        Path file = workDir.resolve("ganglion.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    Agent startAgent() throws Exception {
        return startAgent("");
    }

    Agent startAgent(String extraWatches) throws Exception {
        return startAgent(extraWatches, DEFAULT_API_POLICY);
    }

    Agent startAgent(String extraWatches, String apiPolicy) throws Exception {
        AgentConfig config = new ConfigLoader().load(writeAgentConfig(
                agentYaml(balancer.adminSocket().toString(), extraWatches, apiPolicy)));
        agent = Agent.start(config);
        toClose.add(agent);
        return agent;
    }

    /** The agent on its own YAML (from {@link #agentYaml}, changed). */
    Agent startAgentWith(String yaml) throws Exception {
        agent = Agent.start(new ConfigLoader().load(writeAgentConfig(yaml)));
        toClose.add(agent);
        return agent;
    }

    /**
     * Whether the agent has reported its first service converged: its status lists no service
     * until its loop's first pass, which a test's first look may precede.
     */
    boolean firstServiceConverged() {
        var services = agent.loop().status().services();
        return !services.isEmpty() && services.get(0).converged();
    }

    RuntimeClient socket() {
        return new RuntimeClient(new UnixSocketEndpoint(balancer.adminSocket()), Timeouts.DEFAULT);
    }

    /** The servers of {@code backend} by name, as the balancer reports them now. */
    Map<String, ServerState> servers(String backend) {
        Map<String, ServerState> byName = new LinkedHashMap<>();
        socket().showServersState(backend).forEach(state -> byName.put(state.serverName(), state));
        return byName;
    }

    String serverName(String backendName) {
        return api.agentServerName(backendName, backend(backendName).port());
    }

    int get() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** GET (or POST) on the agent's status endpoint; returns the body, failing on a non-2xx status. */
    String status(String method, String pathAndQuery) throws Exception {
        HttpResponse<String> response = statusResponse(method, pathAndQuery);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + pathAndQuery + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    HttpResponse<String> statusResponse(String method, String pathAndQuery) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + agent.statusAddress().getPort() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        toClose.close();
    }
}
