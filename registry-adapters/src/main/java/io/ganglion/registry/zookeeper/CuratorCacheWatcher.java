package io.ganglion.registry.zookeeper;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceSnapshot.Freshness;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.internal.PublishingWatcher;
import io.ganglion.registry.internal.SerialLane;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ServiceWatcher} over a {@link CuratorCache} of the service path.
 *
 * <p>A CuratorCache does not say when it is back in step with ZooKeeper after a reconnection (its
 * re-read is asynchronous and has no completion signal), and its "initialized" event also fires when
 * the first load failed. So this watcher only calls the cache <em>verified</em> after comparing its
 * children with a direct {@code getChildren} of the service path, made after the cache's first load
 * and after every (re)connection or cache error; until then it emits nothing (first load) or the last
 * endpoints marked STALE. A cache that stays out of step for {@code REBUILD_AFTER_TICKS} checks
 * (e.g. a read it lost to a connection drop) is replaced by a new one.
 *
 * <p>Threads: every field below marked "worker" is read and written only on {@link #worker}, a lane
 * of the registry threads that all watchers share (one task at a time, in order); the Curator
 * threads only queue work there ({@link #requestRefresh}). {@link #cache} is volatile
 * because {@link #close()} reads it from the caller's thread.
 */
final class CuratorCacheWatcher extends PublishingWatcher {

    private static final Logger log = LoggerFactory.getLogger(CuratorCacheWatcher.class);
    private static final int REBUILD_AFTER_TICKS = 10;

    private final CuratorFramework client;
    private final String servicePath;
    private final Duration verifyInterval;
    private final SerialLane worker;
    private final ConnectionStateListener connectionListener = this::onConnectionState;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private final AtomicBoolean verifyWanted = new AtomicBoolean();
    private final AtomicBoolean reverifyQueued = new AtomicBoolean();

    private volatile CuratorCache cache;
    private boolean cacheInitialized; // worker
    private boolean verified; // worker
    private int epoch; // worker: moves on whenever the cache stops being verified; older listings are ignored
    private int ticksOutOfStep; // worker
    private long revision; // worker
    private final RecordDecoder decoder; // worker

    CuratorCacheWatcher(CuratorFramework client, String servicePath, String service, Duration verifyInterval) {
        super(service, "ZooKeeper watcher for " + servicePath);
        this.client = client;
        this.servicePath = servicePath;
        this.verifyInterval = verifyInterval;
        this.worker = SerialLane.named("ganglion-zk-watch-" + service);
        this.decoder = new RecordDecoder(service);
    }

    @Override
    public void start() {
        lifecycle.start();
        client.getConnectionStateListenable().addListener(connectionListener);
        onWorker(this::startNewCache);
        worker.scheduleWithFixedDelay(this::tick, verifyInterval);
    }

    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        worker.close();
        CuratorCache current = cache;
        if (current != null) {
            current.close();
        }
        publisher.close();
    }

    // --- worker thread -------------------------------------------------------------------------

    private void startNewCache() {
        CuratorCache old = cache;
        if (old != null) {
            old.close();
        }
        cacheInitialized = false;
        verified = false;
        epoch++;
        ticksOutOfStep = 0;
        CuratorCache fresh = CuratorCache.builder(client, servicePath)
                .withExceptionHandler(this::onCacheError)
                .build();
        fresh.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> requestRefresh(false))
                .forInitialized(() -> onWorker(() -> onInitialized(fresh)))
                .build());
        cache = fresh;
        if (lifecycle.isClosed()) {
            fresh.close(); // close() may have read the previous cache just before this one replaced it
            return;
        }
        fresh.start();
    }

    private void onInitialized(CuratorCache initialized) {
        if (initialized != cache) {
            return; // a replaced cache finishing late
        }
        cacheInitialized = true;
        refresh(true);
    }

    private void onConnectionState(CuratorFramework ignored, ConnectionState state) {
        onWorker(() -> {
            if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                log.info("Service {}: ZooKeeper connection {}, keeping the last endpoints as stale", service(), state);
                verified = false;
                epoch++;
                publishStale();
            } else if (state.isConnected()) {
                refresh(true);
            }
        });
    }

    private void onCacheError(Exception e) {
        log.info("Service {}: ZooKeeper read of {} failed ({}); will re-verify the cache", service(), servicePath, e.toString());
        // One re-verification for a burst of errors (a dropped connection fails every pending read).
        if (reverifyQueued.compareAndSet(false, true)) {
            onWorker(() -> {
                reverifyQueued.set(false);
                verified = false;
                epoch++;
                refresh(true);
            });
        }
    }

    private void tick() {
        if (verified || !client.getZookeeperClient().isConnected()) {
            return;
        }
        if (++ticksOutOfStep >= REBUILD_AFTER_TICKS) {
            log.warn("Service {}: the cache of {} stayed out of step with ZooKeeper for {} checks; rebuilding it",
                    service(), servicePath, ticksOutOfStep);
            startNewCache();
            return;
        }
        refresh(true);
    }

    private void requestRefresh(boolean verify) {
        if (verify) {
            verifyWanted.set(true);
        }
        if (refreshQueued.compareAndSet(false, true)) {
            onWorker(() -> refresh(false));
        }
    }

    private void refresh(boolean verify) {
        refreshQueued.set(false);
        verify |= verifyWanted.getAndSet(false);
        if (!cacheInitialized) {
            return;
        }
        if (!verified && verify) {
            listChildren(); // answered on the worker, by onListed
        }
        if (verified) {
            publisher.publish(freshSnapshot());
        } else {
            publishStale();
        }
    }

    private void publishStale() {
        publisher.latest().ifPresent(last -> publisher.publish(last.asStale()));
    }

    /**
     * Asks ZooKeeper for the service path's children in the background, for {@link #onListed} to
     * compare with the cache: the worker never waits on ZooKeeper, so every watcher can share one
     * thread. A failure counts as "not in step" (the next tick or reconnection lists again).
     */
    private void listChildren() {
        if (!client.getZookeeperClient().isConnected()) {
            return; // a listing now would only wait in retries; the reconnection triggers one
        }
        int listedIn = epoch;
        try {
            client.getChildren().inBackground((c, event) -> onWorker(() -> onListed(listedIn, event))).forPath(servicePath);
        } catch (Exception e) {
            log.info("Service {}: cannot list {} to verify the cache: {}", service(), servicePath, e.toString());
        }
    }

    private void onListed(int listedIn, CuratorEvent event) {
        if (listedIn != epoch || verified || !cacheInitialized) {
            return; // listed before a suspension, a cache error or a new cache; or already verified
        }
        List<String> listed;
        if (event.getResultCode() == KeeperException.Code.OK.intValue()) {
            listed = event.getChildren();
            if (event.getStat() != null) {
                revision = Math.max(revision, event.getStat().getPzxid());
            }
        } else if (event.getResultCode() == KeeperException.Code.NONODE.intValue()) {
            listed = List.of(); // no service path: ZooKeeper answers "no instances"
        } else {
            log.info("Service {}: cannot list {} to verify the cache: {}", service(), servicePath,
                    KeeperException.Code.get(event.getResultCode()));
            return;
        }
        Map<String, ChildData> cached = cachedChildren();
        if (!new HashSet<>(listed).equals(cached.keySet())) {
            log.debug("Service {}: cache not yet in step with ZooKeeper ({} listed, {} cached)",
                    service(), listed.size(), cached.size());
            return;
        }
        verified = true;
        ticksOutOfStep = 0;
        publisher.publish(freshSnapshot());
    }

    private Map<String, ChildData> cachedChildren() {
        Map<String, ChildData> children = new HashMap<>();
        cache.stream().forEach(node -> {
            ZKPaths.PathAndNode split = ZKPaths.getPathAndNode(node.getPath());
            if (split.getPath().equals(servicePath) && !node.getPath().equals(servicePath)) {
                children.put(split.getNode(), node);
            }
        });
        return children;
    }

    private ServiceSnapshot freshSnapshot() {
        Map<String, ChildData> children = cachedChildren();
        decoder.retainOnly(children.keySet());
        Map<String, Endpoint> byId = new HashMap<>();
        Map<String, Long> createdAt = new HashMap<>();
        int skipped = 0;
        for (Map.Entry<String, ChildData> child : children.entrySet()) {
            Stat stat = child.getValue().getStat();
            revision = Math.max(revision, stat.getMzxid());
            Optional<Endpoint> endpoint = decoder.decode(child.getKey(), child.getValue());
            if (endpoint.isEmpty()) {
                skipped++;
                continue;
            }
            // Two znodes for one instance (a re-registration racing its old ephemeral node): newest wins.
            String id = endpoint.get().id();
            if (!createdAt.containsKey(id) || createdAt.get(id) < stat.getCzxid()) {
                byId.put(id, endpoint.get());
                createdAt.put(id, stat.getCzxid());
            }
        }
        cache.get(servicePath).ifPresent(root -> revision = Math.max(revision, root.getStat().getPzxid()));
        return new ServiceSnapshot(service(), List.copyOf(byId.values()), revision, Freshness.FRESH, skipped);
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("Service {}: watcher closed, dropping work", service());
        }
    }
}
