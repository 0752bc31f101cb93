package io.ganglion.registry.zookeeper;

import static java.util.Objects.requireNonNull;

import io.ganglion.registry.Registrar;
import io.ganglion.registry.RegistrarStatus;
import io.ganglion.registry.RegistrarStatus.State;
import io.ganglion.registry.internal.Backoff;
import io.ganglion.registry.internal.DaemonThreads;
import io.ganglion.registry.internal.Lifecycle;
import io.ganglion.registry.internal.RetryState;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.common.PathUtils;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this host in the SmartStack layout exactly as Nerve does: while healthy, an
 * {@code EPHEMERAL_SEQUENTIAL} znode {@code <servicePath>/<name>_<10-digit sequence>} whose data is
 * the record in Nerve's compact JSON ({@link SmartStackJson}). Nerve/Synapse hosts and Ganglion hosts
 * can therefore share one service path during a migration.
 *
 * <p>As Nerve does, it creates what is missing before the node: the chroot of the connect string
 * ({@link ChrootCreator}) and the service path with its parents, as persistent nodes
 * ({@code mkdir_p}). Every failure (no connection, a refused permission, a node still held by an
 * expired session) is retried with back-off, and {@link #status()} says "retrying" with the error
 * meanwhile; it says "registered" only once ZooKeeper confirmed a node owned by the current session.
 * A short disconnection leaves the node alone (it lives as long as the session); after a session
 * expiry, or when someone deletes the node, it is created again, under the same name, so readers keep
 * its id.
 *
 * <p>Limit: a create whose answer is lost to a connection drop can leave a second node for this host
 * until that session ends; watchers merge the two because they share an id.
 *
 * <p>Threads: all ZooKeeper calls run on {@link #worker}, which owns the fields marked "worker";
 * {@link #wanted} is volatile because {@link #reportHealth} writes it from the caller's thread, and
 * the status is published through {@link RetryState}. {@link #close()} withdraws after the worker
 * has stopped.
 */
public final class ZooKeeperRegistrar implements Registrar {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperRegistrar.class);
    private static final Duration RETRY_MIN = Duration.ofMillis(250);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final CuratorFramework client;
    private final ChrootCreator chroot;
    private final String servicePath;
    private final byte[] data;
    private final String nodePrefix;
    private final Lifecycle lifecycle;
    private final ScheduledExecutorService worker;
    private final RetryState retry;
    private final ConnectionStateListener connectionListener = (c, state) -> onConnectionState(state);
    // One watcher object: ZooKeeper keeps a watch once per path and watcher, however often it is set.
    private final Watcher nodeWatcher = event -> {
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
            converge();
        }
    };
    private volatile boolean wanted;
    // Written by the worker, read by registeredPath() from any thread.
    private volatile String confirmedPath;
    private String nodePath; // worker: the node we created, kept while wanted so a re-creation keeps its name
    private ScheduledFuture<?> nextTry; // worker

    /**
     * @param client      a started Curator client, closed by the caller after the registrar
     * @param servicePath absolute path of the service (parent of the instance znodes)
     * @param record      what to publish; its name becomes the znode name's prefix
     */
    public ZooKeeperRegistrar(CuratorFramework client, String servicePath, SmartStackRecord record) {
        this(client, ZooKeeperSettings.of(client.getZookeeperClient().getCurrentConnectionString()), servicePath, record);
    }

    /** @param settings what {@code client} was built from: the chroot is created through them when missing */
    public ZooKeeperRegistrar(CuratorFramework client, ZooKeeperSettings settings, String servicePath, SmartStackRecord record) {
        this.client = requireNonNull(client, "client");
        this.chroot = new ChrootCreator(requireNonNull(settings, "settings"));
        PathUtils.validatePath(requireNonNull(servicePath, "servicePath"));
        if (record.name().isEmpty() || record.name().contains("/")) {
            throw new IllegalArgumentException("SmartStack record name must be a non-empty znode name (Nerve's instance_id), got \""
                    + record.name() + "\"");
        }
        this.servicePath = servicePath;
        this.data = SmartStackJson.write(record);
        this.nodePrefix = ZKPaths.makePath(servicePath, record.name() + "_");
        this.lifecycle = new Lifecycle("ZooKeeper registrar for " + nodePrefix);
        this.worker = DaemonThreads.single("ganglion-zk-register-" + record.name());
        this.retry = new RetryState(new Backoff(RETRY_MIN, RETRY_MAX, RandomGenerator.getDefault()), Clock.systemUTC());
    }

    @Override
    public void start() {
        lifecycle.start();
        client.getConnectionStateListenable().addListener(connectionListener);
    }

    @Override
    public void reportHealth(boolean healthy) {
        lifecycle.checkStarted();
        if (wanted != healthy) {
            wanted = healthy;
            converge();
        }
    }

    @Override
    public RegistrarStatus status() {
        return retry.status();
    }

    /** The znode this registrar holds right now, if ZooKeeper confirmed it. */
    public Optional<String> registeredPath() {
        RegistrarStatus now = retry.status();
        return now.isRegistered() ? Optional.ofNullable(confirmedPath) : Optional.empty();
    }

    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS); // an interrupted ZooKeeper call ends at once
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String held = nodePath;
        if (held != null) {
            log.info("deregistering {} from ZooKeeper", held);
            try {
                // Guaranteed: retried in the background while the session lasts; the session's end removes it anyway.
                client.delete().guaranteed().inBackground().forPath(held);
            } catch (Exception e) {
                log.warn("deregistering {}: {}; the ephemeral node ends with the session at the latest", held, describe(e));
            }
        }
        retry.reached(State.CLOSED); // the worker has stopped: this thread is the only writer now
    }

    // --- worker thread -------------------------------------------------------------------------

    /** Asks the worker to bring ZooKeeper in line with {@link #wanted}. */
    private void converge() {
        try {
            worker.execute(this::convergeNow);
        } catch (RejectedExecutionException closed) {
            log.debug("{}: registrar closed", nodePrefix);
        }
    }

    private void onConnectionState(ConnectionState state) {
        // LOST: the session is gone, and the node with it; converging now says "retrying" (no
        // connection) until the reconnection, which converges again and re-creates the node.
        if (state.isConnected() || state == ConnectionState.LOST) {
            converge();
        }
    }

    private void convergeNow() {
        if (lifecycle.isClosed()) {
            return;
        }
        if (nextTry != null) {
            nextTry.cancel(false);
            nextTry = null;
        }
        boolean publish = wanted;
        try {
            if (publish) {
                publish();
            } else {
                withdraw();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String error = (publish ? "cannot register " + nodePrefix : "cannot deregister " + nodePath) + ": " + describe(e);
            RetryState.Retry next = retry.failed(error);
            // An unreachable ZooKeeper is ZooKeeperConnectionLog's to say, once for every user of the client.
            if (next.warn() && !(e instanceof KeeperException.ConnectionLossException)) {
                log.warn("{}; retrying in {} ms", error, next.delay().toMillis());
            } else {
                log.debug("{}; retrying in {} ms", error, next.delay().toMillis());
            }
            nextTry = worker.schedule(this::convergeNow, next.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void publish() throws Exception {
        requireConnection();
        if (nodePath != null && ownedByThisSession(nodePath)) {
            confirmedPath = nodePath;
            retry.reached(State.REGISTERED);
            return;
        }
        if (retry.status().state() == State.WITHDRAWN) {
            retry.reached(State.REGISTERING);
        }
        ensureServicePath();
        if (nodePath == null) {
            nodePath = client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(nodePrefix, data);
        } else {
            try {
                client.create().withMode(CreateMode.EPHEMERAL).forPath(nodePath, data);
            } catch (KeeperException.NodeExistsException e) {
                // An expired session's node that ZooKeeper has not removed yet: the watch set by
                // ownedByThisSession wakes us when it goes.
                if (!ownedByThisSession(nodePath)) {
                    throw new IllegalStateException(nodePath + " is still held by an earlier session; re-creating it once ZooKeeper removes it");
                }
            }
        }
        if (!ownedByThisSession(nodePath)) {
            throw new IllegalStateException(nodePath + " was removed right after its creation");
        }
        confirmedPath = nodePath;
        boolean first = retry.status().state() != State.REGISTERED;
        retry.reached(State.REGISTERED);
        if (first) {
            log.info("registered {} in ZooKeeper", nodePath);
        }
    }

    private void withdraw() throws Exception {
        if (nodePath == null) {
            retry.reached(State.WITHDRAWN);
            return;
        }
        requireConnection();
        try {
            client.delete().forPath(nodePath);
        } catch (KeeperException.NoNodeException gone) {
            // already gone (session expiry, an operator): withdrawn all the same
        }
        log.info("deregistered {} from ZooKeeper", nodePath);
        nodePath = null;
        confirmedPath = null;
        retry.reached(State.WITHDRAWN);
    }

    /** Whether the node exists and belongs to the current session; watches it for deletion either way. */
    private boolean ownedByThisSession(String path) throws Exception {
        Stat stat = client.checkExists().usingWatcher(nodeWatcher).forPath(path);
        return stat != null && stat.getEphemeralOwner() == client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    /**
     * Fails at once without a connection: a call now would only block in Curator's retries, and the
     * reconnection wakes us anyway.
     */
    private void requireConnection() throws KeeperException.ConnectionLossException {
        if (!client.getZookeeperClient().isConnected()) {
            throw new KeeperException.ConnectionLossException();
        }
    }

    /** Nerve's {@code mkdir_p} of the service path, and of the chroot when that is what is missing. */
    private void ensureServicePath() throws Exception {
        if (client.checkExists().forPath(servicePath) != null) {
            return;
        }
        try {
            createServicePath();
        } catch (KeeperException.NoNodeException e) {
            // Every parent under the chroot is created above, so only the chroot itself can be missing.
            if (!chroot.hasChroot()) {
                throw e;
            }
            log.info("creating the missing ZooKeeper chroot {}", client.getZookeeperClient().getCurrentConnectionString());
            chroot.create();
            createServicePath();
        }
    }

    private void createServicePath() throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(servicePath);
        } catch (KeeperException.NodeExistsException alreadyThere) {
            // created by another host meanwhile
        }
    }

    /** One line an operator can act on, e.g. "not authorised to write /locked/web (NoAuth)". */
    private String describe(Exception e) {
        if (e instanceof KeeperException keeper) {
            String path = keeper.getPath() == null ? "" : " " + keeper.getPath();
            return switch (keeper.code()) {
                case NOAUTH -> "not authorised to write" + path + " (NoAuth)";
                case NONODE -> "no node" + path + " (NoNode)";
                case CONNECTIONLOSS -> "no connection to ZooKeeper at " + client.getZookeeperClient().getCurrentConnectionString();
                case SESSIONEXPIRED -> "the ZooKeeper session expired";
                case AUTHFAILED -> "ZooKeeper refused the credentials (AuthFailed)";
                default -> keeper.code() + path;
            };
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
