package io.ganglion.balancer.proxy;

import io.ganglion.balancer.config.ProxySection;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.lb.BalanceKeywords;
import io.ganglion.balancer.proxy.stream.BackendPhases;
import io.ganglion.balancer.lb.SelectionState;
import io.ganglion.balancer.lb.ServerSelectors;
import io.ganglion.balancer.runtime.ControlLoop;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerListener;
import io.ganglion.balancer.server.ServerSettings;
import io.ganglion.balancer.stats.AtomicMaximum;
import io.ganglion.balancer.stats.H1Counters;
import io.ganglion.balancer.stats.TrafficCounters;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend at run time: its servers, the snapshot the data path balances over, and the queue of
 * requests waiting for a {@code maxconn} slot.
 *
 * <p>Threading: the server list and the snapshot are immutable values behind volatile fields. The
 * control side (socket commands, health checks, slowstart ramps) changes them under {@code this}
 * lock and publishes a new snapshot; event loops only read them. A change made on the control
 * loop (a socket command) publishes its snapshot just before the answers leave
 * ({@link ControlLoop#publishBeforeAnswers}): a pipelined batch of commands rebuilds it once, and
 * the control side's own readers (stats, log lines) rebuild it first if they find it stale. The
 * queue is a lock-free queue that any thread may poll; a queued request is resumed on its own
 * event loop.
 */
public final class Backend implements ServerListener {
    private static final Logger events = LoggerFactory.getLogger("io.ganglion.balancer.events");

    private final ProxySection config;
    private final ControlLoop control;
    private final TrafficCounters counters = new TrafficCounters();
    /** Its server connections' h1 module counters (HTTP exchanges and HTTP health checks). */
    private final H1Counters h1Counters = new H1Counters();
    private final BackendPhases phases;
    private final SelectionState selection = new SelectionState();
    private final ConcurrentLinkedQueue<QueuedRequest> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Requests that left the queue for a server so far: a request's queue position is counted on it. */
    private final AtomicLong dequeued = new AtomicLong();
    private final AtomicInteger maxQueued = new AtomicInteger();
    private final List<BackendChangeListener> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile List<Server> servers = List.of();
    /** The servers by name, changed with {@link #servers} under {@code this} lock. */
    private final Map<String, Server> serversByName = new ConcurrentHashMap<>();
    /** Changed under {@code this} lock with {@link #servers}: the id a new server takes is one more. */
    private int highestId;
    private volatile BackendSnapshot snapshot;
    /** Set when the servers changed since {@link #snapshot} was built; cleared by a rebuild. */
    private volatile boolean snapshotStale;
    /** One instance, so that several changes before the answers leave ask for one rebuild. */
    private final Runnable publication = this::publishIfStale;
    private volatile long lastChangeMillis = System.currentTimeMillis();
    private boolean rampScheduled;
    private final AccessLog eventLog;

    /** @param eventLog where the servers' state changes are logged besides stderr ({@code log global}), or null */
    public Backend(ProxySection config, ControlLoop control, AccessLog eventLog) {
        this.config = config;
        this.phases = BackendPhases.compile(config);
        this.control = control;
        this.eventLog = eventLog;
        List<Server> initial = new ArrayList<>();
        int id = 1;
        for (ServerSpec spec : config.servers()) {
            Server s = new Server(config.name(), id++, spec, ServerSettings.initial(spec), this);
            s.skipSlowstart();
            initial.add(s);
            serversByName.put(s.name(), s);
        }
        servers = List.copyOf(initial);
        highestId = id - 1;
        rebuildSnapshot();
    }

    public String name() {
        return config.name();
    }

    public ProxySection config() {
        return config;
    }

    /** The phases a stream runs once it has chosen this backend, compiled from its configuration. */
    public BackendPhases phases() {
        return phases;
    }

    public TrafficCounters counters() {
        return counters;
    }

    public H1Counters h1Counters() {
        return h1Counters;
    }

    public List<Server> servers() {
        return servers;
    }

    public Optional<Server> server(String name) {
        return Optional.ofNullable(serversByName.get(name));
    }

    public int queuedRequests() {
        return queued.get();
    }

    public int maxQueuedRequests() {
        return maxQueued.get();
    }

    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    /** Usable non-backup and backup servers, as {@code show stat}'s act/bck columns. */
    public int activeServersUp() {
        return freshSnapshot().activeUp();
    }

    public int backupServersUp() {
        return freshSnapshot().backupUp();
    }

    public boolean hasUsableServer() {
        return !freshSnapshot().candidates().isEmpty();
    }

    public void addChangeListener(BackendChangeListener l) {
        changeListeners.add(l);
    }

    /**
     * Adds a server at run time ({@code add server}). As in HAProxy 2.6 it starts in maintenance;
     * {@code enable server} puts it in service.
     */
    public synchronized Server addServer(ServerSpec spec) {
        if (serversByName.containsKey(spec.name())) {
            throw new IllegalStateException("Already exists a server with the same name in backend.");
        }
        int id = ++highestId;
        // As in HAProxy 2.6: in maintenance, and its checks configured but off until "enable health".
        ServerSettings settings = ServerSettings.initial(spec).withAdmin(AdminState.MAINT).withChecksEnabled(false);
        Server s = new Server(config.name(), id, spec, settings, this);
        List<Server> next = new ArrayList<>(servers.size() + 1);
        next.addAll(servers);
        next.add(s);
        servers = Collections.unmodifiableList(next);
        serversByName.put(s.name(), s);
        snapshotChanged();
        changeListeners.forEach(l -> l.serverAdded(this, s));
        return s;
    }

    /** Removes a server ({@code del server}); the caller checked it is in maintenance and idle. */
    public synchronized void removeServer(Server s) {
        List<Server> next = new ArrayList<>(servers);
        next.remove(s);
        servers = Collections.unmodifiableList(next);
        serversByName.remove(s.name());
        highestId = next.stream().mapToInt(Server::id).max().orElse(0);
        snapshotChanged();
        changeListeners.forEach(l -> l.serverRemoved(this, s));
    }

    // ---- data path ----------------------------------------------------------------------------

    /**
     * Finds a server with a free slot for a new request and hands it to {@code grant} on
     * {@code loop}; queues the request when every usable server is at its {@code maxconn}.
     *
     * @param tried servers already tried for this request (redispatch); they are avoided
     */
    public void acquire(InetAddress client, Set<Server> tried, EventExecutor loop, ServerGrant grant) {
        BackendSnapshot snap = snapshot;
        if (snap.candidates().isEmpty()) {
            grant.rejected(ServerGrant.Rejection.NO_SERVER, 0);
            return;
        }
        if (queue.isEmpty()) {
            Server s = pickAndAcquire(snap, client, tried);
            if (s != null) {
                grant.granted(s, 0);
                return;
            }
            if (!tried.isEmpty() && snap.candidates().stream().allMatch(tried::contains)) {
                grant.rejected(ServerGrant.Rejection.NO_SERVER, 0);
                return;
            }
        }
        enqueue(new QueuedRequest(client, tried, loop, grant, LoopClock.nanoTime(), dequeued.get()));
    }

    /**
     * Sends a request to {@code sticky}, the server a stick rule found for its client, when the
     * server has a free slot; balances it as any other otherwise (HAProxy would queue it on that
     * server: this balancer has no per-server queue).
     */
    public void acquire(Server sticky, InetAddress client, Set<Server> tried, EventExecutor loop, ServerGrant grant) {
        if (sticky.tryAcquireSlot()) {
            snapshot.selector().connectionsChanged(sticky);
            grant.granted(sticky, 0);
            return;
        }
        acquire(client, tried, loop, grant);
    }

    private static Server pickAndAcquire(BackendSnapshot snap, InetAddress client, Set<Server> tried) {
        Predicate<Server> eligible = tried.isEmpty() ? Server::hasFreeSlot : s -> !tried.contains(s) && s.hasFreeSlot();
        // A pick may lose the race for the last slot to another event loop: pick again a few times.
        for (int attempt = 0; attempt < 4; attempt++) {
            Server s = snap.selector().pick(client, eligible);
            if (s == null) {
                return null;
            }
            if (s.tryAcquireSlot()) {
                snap.selector().connectionsChanged(s);
                return s;
            }
        }
        return null;
    }

    private void enqueue(QueuedRequest request) {
        queue.add(request);
        int n = queued.incrementAndGet();
        AtomicMaximum.raise(maxQueued, n);
        Duration timeout = config.timeouts().queue() != null ? config.timeouts().queue() : config.timeouts().connect();
        if (timeout != null) {
            request.timeout = request.loop.schedule(() -> expire(request), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        dispatchQueued();
    }

    private void expire(QueuedRequest request) {
        if (request.claim()) {
            queue.remove(request);
            queued.decrementAndGet();
            request.grant.rejected(ServerGrant.Rejection.QUEUE_TIMEOUT, LoopClock.nanoTime() - request.enqueuedNanos);
        }
    }

    /** Gives free slots to queued requests, oldest first. Any thread may call it. */
    private void dispatchQueued() {
        QueuedRequest head;
        while ((head = queue.peek()) != null) {
            BackendSnapshot snap = snapshot;
            if (snap.candidates().isEmpty()) {
                return; // they wait for a server to come back, or for their timeout
            }
            Server s = pickAndAcquire(snap, head.client, head.tried);
            if (s == null) {
                return;
            }
            if (queue.remove(head) && head.claim()) {
                queued.decrementAndGet();
                if (head.timeout != null) {
                    head.timeout.cancel(false);
                }
                QueuedRequest granted = head;
                long waited = LoopClock.nanoTime() - granted.enqueuedNanos;
                long position = dequeued.incrementAndGet() - granted.dequeuedBefore;
                granted.loop.execute(() -> {
                    granted.grant.leftQueue(position);
                    granted.grant.granted(s, waited);
                });
            } else {
                s.releaseSlotQuietly();
                snap.selector().connectionsChanged(s);
            }
        }
    }

    // ---- control side -------------------------------------------------------------------------

    @Override
    public void serverChanged(Server server, ServerSettings before, ServerSettings after, String cause) {
        snapshotChanged(); // queued requests are dispatched once the new snapshot is published
        logTransition(server, before, after, cause);
        changeListeners.forEach(l -> l.serverChanged(this, server, before, after));
    }

    /**
     * The servers changed: the snapshot is rebuilt now, or, on the control loop, before the
     * answers of the commands that changed them leave (several changes, one rebuild).
     */
    private void snapshotChanged() {
        snapshotStale = true;
        control.publishBeforeAnswers(publication);
    }

    private void publishIfStale() {
        if (snapshotStale) {
            rebuildSnapshot();
            dispatchQueued();
        }
    }

    /**
     * The snapshot with every change so far, for the control side's readers (stats, log lines); a
     * stale one is published here as it would be before the answers, queued requests included.
     */
    private BackendSnapshot freshSnapshot() {
        publishIfStale();
        return snapshot;
    }

    @Override
    public void slotReleased(Server server) {
        snapshot.selector().connectionsChanged(server);
        if (!queue.isEmpty()) {
            dispatchQueued();
        }
    }

    /** Rebuilds the snapshot the data path reads. Cheap no-op rebuilds are fine: changes are rare. */
    public synchronized void rebuildSnapshot() {
        snapshotStale = false;
        List<Server> primaries = new ArrayList<>();
        List<Server> backups = new ArrayList<>();
        int activeUp = 0;
        int backupUp = 0;
        boolean ramping = false;
        for (Server s : servers) {
            if (s.settings().acceptsNewTraffic()) {
                if (s.isBackup()) {
                    backupUp++;
                } else {
                    activeUp++;
                }
            }
            if (s.effectiveWeight() > 0) {
                (s.isBackup() ? backups : primaries).add(s);
                ramping |= s.rampingUp();
            }
        }
        boolean usingBackups = primaries.isEmpty() && !backups.isEmpty();
        List<Server> candidates = usingBackups ? backups : primaries;
        int[] weights = candidates.stream().mapToInt(Server::effectiveWeight).toArray();
        BackendSnapshot previous = snapshot;
        snapshot = new BackendSnapshot(List.copyOf(candidates),
                ServerSelectors.create(config.get(BalanceKeywords.BALANCE), candidates, weights, selection), usingBackups,
                activeUp, backupUp);
        if (previous != null && !previous.candidates().isEmpty() && candidates.isEmpty()) {
            lastChangeMillis = System.currentTimeMillis();
            events.warn("backend {} has no server available!", config.name());
        } else if (previous != null && previous.candidates().isEmpty() && !candidates.isEmpty()) {
            lastChangeMillis = System.currentTimeMillis();
        }
        if (ramping && !rampScheduled) {
            rampScheduled = true;
            control.executor().schedule(this::continueRamp, 200, TimeUnit.MILLISECONDS);
        }
    }

    /** Slowstart: weights grow with time, so the snapshot is rebuilt until every ramp is done. */
    private void continueRamp() {
        synchronized (this) {
            rampScheduled = false;
        }
        rebuildSnapshot();
        dispatchQueued();
    }

    private void logTransition(Server server, ServerSettings before, ServerSettings after, String cause) {
        String prefix = "Server " + server.qualifiedName();
        String why = cause == null || cause.isEmpty() ? "" : cause;
        String message;
        int level = AccessLog.NOTICE; // HAProxy's level for these, but a server going down is an alert
        if (before.admin() != AdminState.MAINT && after.admin() == AdminState.MAINT) {
            level = AccessLog.ALERT;
            message = prefix + " is going DOWN for maintenance" + (why.isEmpty() ? "" : " (" + why + ")") + ". " + left()
                    + " left. " + server.activeConnections() + " sessions active, 0 requeued, " + queued.get() + " remaining in queue.";
        } else if (before.admin() == AdminState.MAINT && after.admin() != AdminState.MAINT) {
            String state = after.health() == OperationalState.UP ? "UP" : "DOWN";
            message = prefix + " is " + state + "/" + (after.admin() == AdminState.DRAIN ? "DRAIN" : "READY")
                    + " (leaving forced maintenance).";
        } else if (before.admin() != AdminState.DRAIN && after.admin() == AdminState.DRAIN) {
            message = prefix + " enters drain state. " + left() + " online. 0 sessions requeued, " + queued.get()
                    + " total in queue.";
        } else if (before.admin() == AdminState.DRAIN && after.admin() == AdminState.READY) {
            message = prefix + " is UP (leaving forced drain)."; // HAProxy 2.6.12's words
        } else if (before.health() != OperationalState.DOWN && after.health() == OperationalState.DOWN) {
            level = AccessLog.ALERT;
            message = prefix + " is DOWN, " + why + ". " + left() + " left. " + server.activeConnections()
                    + " sessions active, 0 requeued, " + queued.get() + " remaining in queue.";
        } else if (before.health() == OperationalState.DOWN && after.health() != OperationalState.DOWN) {
            message = prefix + " is UP, " + why + ". " + left() + " online. 0 sessions requeued, " + queued.get()
                    + " total in queue.";
        } else if (before.health() != after.health()) {
            message = prefix + " is " + (after.health() == OperationalState.STOPPING ? "NOLB" : "UP") + ", " + why + ".";
        } else {
            return;
        }
        events.warn(message);
        if (eventLog != null) {
            eventLog.event(level, message);
        }
    }

    /** "N active and M backup servers", as the transition log lines count them (built only when logged). */
    private String left() {
        BackendSnapshot snap = freshSnapshot();
        return snap.activeUp() + " active and " + snap.backupUp() + " backup servers";
    }

    /** A request waiting for a slot; {@link #claim()} makes sure it is answered exactly once. */
    private static final class QueuedRequest {
        final InetAddress client;
        final Set<Server> tried;
        final EventExecutor loop;
        final ServerGrant grant;
        final long enqueuedNanos;
        /** The backend's departures from the queue when this request joined it. */
        final long dequeuedBefore;
        final java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        volatile java.util.concurrent.ScheduledFuture<?> timeout;

        QueuedRequest(InetAddress client, Set<Server> tried, EventExecutor loop, ServerGrant grant, long enqueuedNanos,
                long dequeuedBefore) {
            this.client = client;
            this.tried = tried;
            this.loop = loop;
            this.grant = grant;
            this.enqueuedNanos = enqueuedNanos;
            this.dequeuedBefore = dequeuedBefore;
        }

        boolean claim() {
            return answered.compareAndSet(false, true);
        }
    }
}
