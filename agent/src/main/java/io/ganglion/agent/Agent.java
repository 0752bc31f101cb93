package io.ganglion.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ganglion.agent.audit.AuditTrail;
import io.ganglion.agent.config.AgentConfig;
import io.ganglion.agent.config.BalancerSettings;
import io.ganglion.agent.config.ConsulRegistry;
import io.ganglion.agent.config.RegisterSettings;
import io.ganglion.agent.config.RegistrySettings;
import io.ganglion.agent.config.WatchSettings;
import io.ganglion.agent.config.ZooKeeperRegistry;
import io.ganglion.agent.execute.ActualStateReader;
import io.ganglion.agent.execute.CycleTimes;
import io.ganglion.agent.execute.Executor;
import io.ganglion.agent.execute.ReconcileLoop;
import io.ganglion.agent.execute.WatchedBackend;
import io.ganglion.agent.reconcile.PolicyRules;
import io.ganglion.agent.reconcile.WeightRules;
import io.ganglion.agent.register.Registration;
import io.ganglion.agent.status.AgentMetrics;
import io.ganglion.agent.status.StatusServer;
import io.ganglion.agent.status.StatusView;
import io.ganglion.agent.supervise.BalancerSupervisor;
import io.ganglion.agent.watch.AllTagsWatcher;
import io.ganglion.registry.Registrar;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.consul.ConsulCheck;
import io.ganglion.registry.consul.ConsulConnection;
import io.ganglion.registry.consul.ConsulRegistrar;
import io.ganglion.registry.consul.ConsulRegistration;
import io.ganglion.registry.consul.ConsulServiceWatcher;
import io.ganglion.registry.zookeeper.SmartStackRecord;
import io.ganglion.registry.zookeeper.ZooKeeperClients;
import io.ganglion.registry.zookeeper.ZooKeeperConnectionLog;
import io.ganglion.registry.zookeeper.ZooKeeperRegistrar;
import io.ganglion.registry.zookeeper.ZooKeeperServiceWatcher;
import io.ganglion.registry.zookeeper.ZooKeeperSettings;
import io.ganglion.runtime.Endpoint;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.Timeouts;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent, wired from its configuration: registry clients and watchers, the kept
 * Runtime API session, the reconcile loop and the status endpoint. {@link #close()} stops them in
 * the reverse order. The balancer is left running: traffic must not depend on the agent.
 */
public final class Agent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /** After a cycle that changed something: soon enough that a drain ends and an add is confirmed promptly. */
    private static final Duration FOLLOW_UP = Duration.ofMillis(100);
    /**
     * While a server drains with sessions left: how often its backend alone is re-read. A second
     * bounds how late a drain that ends is noticed; the drain timeout bounds the rest.
     */
    private static final Duration DRAIN_CHECK = Duration.ofSeconds(1);

    /**
     * When the warm standby starts though a registry has not answered yet: the standby's start costs
     * seconds of CPU, which a restarted agent first needs to resume control (issue 18).
     */
    private static final Duration STANDBY_AT_THE_LATEST = Duration.ofSeconds(10);

    private final Shutdown toClose = new Shutdown();
    // Set once by boot(). Volatile: the supervision thread (started before it) reads it to wake the loop.
    private volatile ReconcileLoop loop;
    // Set once by boot(), before the status endpoint starts: the endpoint's threads see it through that start.
    private StatusServer status;
    private final AuditTrail audit = new AuditTrail(10_000);
    private final AgentMetrics metrics = new AgentMetrics();

    private final Map<String, CuratorFramework> zooKeepers = new HashMap<>();
    private final Map<String, ZooKeeperSettings> zooKeeperSettings = new HashMap<>();
    private final Map<String, ConsulConnection> consuls = new HashMap<>();
    private final Map<String, String> consulDatacenters = new HashMap<>();
    private final List<Registration> registrations = new ArrayList<>();

    private Agent(AgentConfig config) throws IOException {
        try {
            boot(config);
        } catch (IOException | RuntimeException e) {
            toClose.close(); // whatever had started
            throw e;
        }
    }

    private void boot(AgentConfig config) throws IOException {
        BalancerSettings balancer = config.balancer();
        BalancerSupervisor supervisor = null;
        if (balancer.bundled() != null) {
            // The loop exists only later; a restart before it does has nothing to wake.
            supervisor = toClose.add(new BalancerSupervisor(Path.of(balancer.bundled()), Endpoint.parse(balancer.socket()),
                    Path.of(balancer.bundledLog()), BalancerSupervisor.javaLauncher(), this::wakeLoop, balancer.standby()));
        }
        config.registries().forEach(this::connect);
        List<WatchedBackend> watches = new ArrayList<>();
        for (WatchSettings watch : config.watch()) {
            ServiceWatcher watcher = zooKeepers.containsKey(watch.registry())
                    ? ZooKeeperServiceWatcher.builder(zooKeepers.get(watch.registry()), watch.path())
                            .serviceName(watch.service()).build()
                    : consulWatcher(consuls.get(watch.registry()), consulDatacenters.get(watch.registry()), watch);
            toClose.add(watcher);
            watches.add(new WatchedBackend(watch.service(), watch.backend(), watcher, words(watch.serverOptions()),
                    watch.managed(), PolicyRules.from(watch.policy()),
                    zooKeepers.containsKey(watch.registry()) ? "zxid" : "consul index", Optional.ofNullable(watch.slots()),
                    WeightRules.from(watch.weight())));
        }
        RuntimeSession session = new RuntimeSession(Endpoint.parse(config.balancer().socket()),
                new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)));
        toClose.add(session);
        ReconcileLoop loop = new ReconcileLoop(watches, new ActualStateReader(session),
                new Executor(session, audit, metrics, Duration.ofSeconds(1), Duration.ofMinutes(1)),
                audit, metrics, new CycleTimes(config.resync(), FOLLOW_UP,
                        // never slower than the resync that a short one (tests) asks for
                        DRAIN_CHECK.compareTo(config.resync()) < 0 ? DRAIN_CHECK : config.resync()), Clock.systemUTC());
        this.loop = loop;
        StatusServer status = new StatusServer(socketAddress(config.status()), this::status, metrics, audit, this::release);
        toClose.add(status);
        toClose.add(loop);
        this.status = status;
        watches.forEach(w -> w.watcher().start());
        loop.start();
        if (supervisor != null) {
            // The standby warms up behind the agent: once it is in control, or after a while when a
            // registry does not answer (a balancer that dies before then is restarted cold).
            loop.inControl().completeOnTimeout(null, STANDBY_AT_THE_LATEST.toMillis(), TimeUnit.MILLISECONDS)
                    .thenRunAsync(supervisor::keepStandby, task -> new Thread(task, "ganglion-standby-start").start());
        }
        if (!config.register().isEmpty()) {
            Duration grace = config.shutdownGrace();
            // Closed right after the registrations: callers' agents get this long to drain us.
            toClose.add(() -> {
                log.info("deregistered; waiting {} for callers to drain", grace);
                Thread.sleep(grace.toMillis());
            });
        }
        for (RegisterSettings register : config.register()) {
            Registration registration = toClose.add(new Registration(register, registrar(register), audit, metrics,
                    Clock.systemUTC()));
            registrations.add(registration);
            registration.start();
        }
        log.info("agent started: {} watched, socket {}, status on {}", watches.size(), config.balancer().socket(),
                status.address());
    }

    private void wakeLoop() {
        ReconcileLoop current = loop;
        if (current != null) {
            current.wake();
        }
    }

    /** Starts an agent (and, with {@code bundled:}, its balancer). */
    public static Agent start(AgentConfig config) throws IOException {
        return new Agent(config);
    }

    private void connect(String name, RegistrySettings settings) {
        if (settings instanceof ZooKeeperRegistry zk) {
            ZooKeeperSettings zkSettings = ZooKeeperSettings.of(zk.connect() + (zk.chroot() == null ? "" : zk.chroot()));
            if (zk.sessionTimeout() != null || zk.connectionTimeout() != null) {
                zkSettings = zkSettings.withTimeouts(
                        zk.sessionTimeout() == null ? zkSettings.sessionTimeout() : zk.sessionTimeout(),
                        zk.connectionTimeout() == null ? zkSettings.connectionTimeout() : zk.connectionTimeout());
            }
            if (zk.auth() != null) {
                zkSettings = zkSettings.withDigest(zk.auth());
            }
            CuratorFramework client = ZooKeeperClients.newClient(zkSettings);
            toClose.add(client);
            toClose.add(ZooKeeperConnectionLog.watch(client, zkSettings)); // closed before the client
            client.start();
            zooKeepers.put(name, client);
            zooKeeperSettings.put(name, zkSettings);
        } else {
            ConsulRegistry consul = (ConsulRegistry) settings;
            ConsulConnection connection = ConsulConnection.of(URI.create(consul.address()));
            if (consul.token() != null) {
                connection = connection.withToken(consul.token());
            }
            if (consul.tokenFile() != null) {
                connection = connection.withTokenFile(Path.of(consul.tokenFile()));
            }
            consuls.put(name, connection);
            if (consul.datacenter() != null) {
                consulDatacenters.put(name, consul.datacenter());
            }
        }
    }

    private Registrar registrar(RegisterSettings register) {
        CuratorFramework zk = zooKeepers.get(register.registry());
        if (zk != null) {
            SmartStackRecord record = SmartStackRecord.of(register.host(), register.port(), register.instanceId())
                    .withLabels(register.labels());
            if (register.weight() != null) {
                record = record.withWeight(register.weight());
            }
            return new ZooKeeperRegistrar(zk, zooKeeperSettings.get(register.registry()), register.path(), record);
        }
        // Consul hears the agent's own check results through a TTL check, refreshed at a third of its length.
        Duration longest = register.checks().stream().map(c -> c.interval().plus(c.timeout()))
                .max(Duration::compareTo).orElse(Duration.ofSeconds(10));
        ConsulRegistration registration = new ConsulRegistration(
                register.name() + "-" + register.host() + "-" + register.port(), register.name(), register.host(),
                register.port(), register.tags(), Map.of(), register.weight() == null ? 1 : Math.max(1, register.weight()),
                ConsulCheck.ttl(longest.multipliedBy(3)));
        return new ConsulRegistrar(consuls.get(register.registry()), registration);
    }

    private StatusView status() {
        return loop.status().withRegistrations(registrations.stream().map(Registration::status).toList());
    }

    /** The Curator client of a ZooKeeper registry, for tools and tests that need the agent's own session. */
    public Optional<CuratorFramework> zooKeeper(String registry) {
        return Optional.ofNullable(zooKeepers.get(registry));
    }

    /** Consul filters on one tag per query: the first goes to Consul, all of them are checked here. */
    private static ServiceWatcher consulWatcher(ConsulConnection connection, String datacenter, WatchSettings watch) {
        ConsulServiceWatcher.Builder builder = ConsulServiceWatcher.builder(connection, watch.name());
        if (!watch.tags().isEmpty()) {
            builder.tag(watch.tags().get(0));
        }
        if (datacenter != null) {
            builder.datacenter(datacenter);
        }
        ServiceWatcher watcher = builder.build();
        return watch.tags().size() > 1 ? new AllTagsWatcher(watcher, watch.tags()) : watcher;
    }

    private static List<String> words(String options) {
        return options.isBlank() ? List.of() : Arrays.asList(options.strip().split("\\s+"));
    }

    static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private boolean release(String backend, String server) {
        try {
            return loop.release(backend, server).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while releasing " + backend + "/" + server, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("release of " + backend + "/" + server + " did not complete: " + e, e);
        }
    }

    public InetSocketAddress statusAddress() {
        return status.address();
    }

    public ReconcileLoop loop() {
        return loop;
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public AuditTrail audit() {
        return audit;
    }

    @Override
    public void close() {
        toClose.close();
    }

    /** Runs until the JVM is asked to stop (SIGTERM, SIGINT); returns the exit code. */
    static int runUntilStopped(AgentConfig config) {
        Agent agent;
        try {
            agent = start(config);
        } catch (IOException | RuntimeException e) {
            log.error("the agent could not start: {}", e.getMessage(), e);
            return AgentMain.EXIT_RUNTIME;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            agent.close();
            stopped.countDown();
        }, "ganglion-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return AgentMain.EXIT_OK;
    }
}
