package io.ganglion.balancer.server;

import io.ganglion.balancer.check.CheckOptions;
import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.config.Source;
import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.stats.TrafficCounters;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * One server of a backend. Its run-time settings are one immutable {@link ServerSettings} value,
 * replaced as a whole by the control side ({@link #update}); event loops read it through a
 * volatile field and never lock. The only state the data path writes is the connection count and
 * the counters.
 */
public final class Server {
    private final String backendName;
    private final int id;
    private final ServerSpec spec;
    /** The spec's own options, read once: the snapshot builds and stats read them for every server. */
    private final boolean backup;
    private final int initialWeight;
    /** Read on every dispatch (the name a connection is opened for, whether to retry): a field, not a settings lookup. */
    private final ServerConnectionLayer connectionLayer;
    private final TrafficCounters counters = new TrafficCounters();
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final ServerListener listener;

    /** Replaced whole under {@code this} lock by the control side; read lock-free by everyone. */
    private volatile ServerSettings settings;
    private volatile CheckResult lastCheck;
    private volatile long lastChangeMillis = System.currentTimeMillis();
    /** When the server last became able to take traffic, for slowstart; 0 = ramp not applicable. */
    private volatile long readySinceNanos;
    private final AtomicInteger checkFailures = new AtomicInteger();
    private final AtomicInteger downTransitions = new AtomicInteger();
    private volatile long downSinceMillis;
    private volatile long totalDowntimeMillis;
    /**
     * HAProxy's check health counter (0 .. rise+fall-1, UP from rise on), written only by this
     * server's health check on its one event loop and read by stats; -1 until the first check.
     */
    private volatile int checkHealth = -1;
    /** The agent check's state; replaced whole, by the agent's event loop or the control side. */
    private volatile AgentStatus agent;
    /** The server this one follows ({@code track}); null = none. Set once, at start or by {@code add server}. */
    private volatile Server tracked;
    /**
     * False for a server added at run time until it first leaves maintenance: HAProxy 2.6 computes
     * the effective weight of such a server only then, so {@code show stat} shows 1 in its
     * {@code weight} column until then, whatever its weight (capture 132; {@code set weight}
     * meanwhile changes only {@code uweight}).
     */
    private volatile boolean effectiveWeightComputed;
    /** The servers that follow this one, told of each change of its state; rarely changed, often read. */
    private final List<Server> trackers = new CopyOnWriteArrayList<>();

    public Server(String backendName, int id, ServerSpec spec, ServerSettings initial, ServerListener listener) {
        this.backendName = Objects.requireNonNull(backendName, "backendName");
        this.id = id;
        this.spec = Objects.requireNonNull(spec, "spec");
        this.backup = spec.get(ServerOptions.BACKUP);
        this.initialWeight = spec.get(ServerOptions.WEIGHT);
        this.connectionLayer = spec.get(ServerConnectionLayer.SETTING);
        this.settings = Objects.requireNonNull(initial, "initial");
        this.listener = Objects.requireNonNull(listener, "listener");
        // as HAProxy 2.6, the agent of a server added at run time waits for "enable agent"
        AgentStatus configured = AgentStatus.of(spec.get(CheckOptions.AGENT));
        this.agent = isDynamic() ? configured.withEnabled(false) : configured;
        this.effectiveWeightComputed = !isDynamic() || initial.effectiveAdmin() != AdminState.MAINT;
        if (!initial.acceptsNewTraffic()) {
            downSinceMillis = System.currentTimeMillis();
        }
    }

    public String backendName() {
        return backendName;
    }

    public int id() {
        return id;
    }

    public String name() {
        return spec.name();
    }

    /** "backend/server", as HAProxy names a server in messages. */
    public String qualifiedName() {
        return backendName + "/" + spec.name();
    }

    public ServerSpec spec() {
        return spec;
    }

    /** What its connections have under the traffic (TLS for {@code ssl}), as its spec sets it. */
    public ServerConnectionLayer connectionLayer() {
        return connectionLayer;
    }

    /** Added at run time with {@code add server}, not read from the configuration. */
    public boolean isDynamic() {
        return spec.source().equals(Source.STATS_SOCKET);
    }

    /** Whether the effective weight was computed yet: see {@link #effectiveWeightComputed}. */
    public boolean effectiveWeightComputed() {
        return effectiveWeightComputed;
    }

    public boolean isBackup() {
        return backup;
    }

    public int initialWeight() {
        return initialWeight;
    }

    public ServerSettings settings() {
        return settings;
    }

    public TrafficCounters counters() {
        return counters;
    }

    public CheckResult lastCheck() {
        return lastCheck;
    }

    public long lastChangeMillis() {
        return lastChangeMillis;
    }

    /**
     * The health counter as {@code show stat}'s {@code check_health} and the state file report it:
     * before any check, {@code rise}, as HAProxy starts a server.
     */
    public int checkHealth() {
        int h = checkHealth;
        return h < 0 ? spec.get(CheckOptions.RISE) : h;
    }

    /** Set by the health check after each result. */
    public void checkHealth(int health) {
        checkHealth = health;
    }

    public AgentStatus agent() {
        return agent;
    }

    /** Replaces the agent's state; the server's own state changes go through {@link #update}. */
    public synchronized void agent(UnaryOperator<AgentStatus> change) {
        agent = change.apply(agent);
    }

    /**
     * Whether the checks that are enabled all let the server be UP, as HAProxy's
     * {@code check_notify_success}: the health check's counter at {@code rise} or above, and the
     * agent's at its top. A server that tracks another has neither: it takes the other's state.
     */
    public boolean checksAllowUp() {
        boolean checkOk = !settings.checksEnabled() || checkHealth() >= spec.get(CheckOptions.RISE);
        return checkOk && !agent.holdsDown();
    }

    /** The server whose state this one follows, or null. */
    public Server tracked() {
        return tracked;
    }

    /** The end of the tracking chain: the server whose checks decide ({@code this} without {@code track}). */
    public Server trackRoot() {
        Server s = this;
        while (s.tracked != null) {
            s = s.tracked;
        }
        return s;
    }

    /** Followed by other servers: HAProxy will not delete such a server. */
    public boolean isTracked() {
        return !trackers.isEmpty();
    }

    /** Stops following the tracked server: this server is being deleted. */
    public void untrack() {
        Server t = tracked;
        if (t != null) {
            t.trackers.remove(this);
        }
    }

    /** Makes this server follow {@code target}'s operational state from now on, starting with its current one. */
    public void track(Server target) {
        tracked = target;
        target.trackers.add(this);
        ServerSettings now = target.settings();
        update(st -> st.withHealth(now.health()).withInherited(now.effectiveAdmin()), "tracking " + target.qualifiedName());
    }

    public int checkFailures() {
        return checkFailures.get();
    }

    public int downTransitions() {
        return downTransitions.get();
    }

    /** Total time spent unable to take traffic, including the current spell. */
    public long downtimeMillis() {
        long since = downSinceMillis;
        return totalDowntimeMillis + (since == 0 ? 0 : System.currentTimeMillis() - since);
    }

    /**
     * Applies a change of settings and tells the listener (the backend) after the lock is released,
     * so the backend can rebuild its snapshot without nesting locks.
     *
     * @param cause why, for the log line (e.g. "changed from CLI", a check's reason)
     * @return the settings before the change
     */
    public ServerSettings update(UnaryOperator<ServerSettings> change, String cause) {
        ServerSettings before;
        ServerSettings after;
        synchronized (this) {
            before = settings;
            after = leavingMaintenance(before, change.apply(before));
            if (after.equals(before)) {
                return before;
            }
            settings = after;
            noteTransition(before, after);
        }
        listener.serverChanged(this, before, after, cause);
        // a tracking server takes this one's operational state and, as inherited, its DRAIN or MAINT
        // (the settings current when each tracker is updated, not this change's: a later change
        // that overtook this one while its trackers were told then cannot be undone by it)
        if (before.health() != after.health() || before.effectiveAdmin() != after.effectiveAdmin()) {
            for (Server t : trackers) {
                t.update(st -> st.withHealth(settings.health()).withInherited(settings.effectiveAdmin()),
                        "via " + qualifiedName());
            }
        }
        return before;
    }

    /**
     * As HAProxy 2.6 ({@code srv_update_status}): a server with checks that leaves maintenance
     * starts UP with its health counter at {@code rise}, the lowest UP value ("start OK but check
     * immediately"), so {@code show stat} reads {@code UP 1/3} until the next checks pass, and the
     * first failed check takes it down again. Called under the lock, like the change itself.
     */
    private ServerSettings leavingMaintenance(ServerSettings before, ServerSettings after) {
        if (before.effectiveAdmin() != AdminState.MAINT || after.effectiveAdmin() == AdminState.MAINT || !after.checksEnabled()) {
            return after;
        }
        checkHealth = spec.get(CheckOptions.RISE);
        return after.withHealth(OperationalState.UP);
    }

    private void noteTransition(ServerSettings before, ServerSettings after) {
        boolean wasUsable = before.acceptsNewTraffic();
        boolean isUsable = after.acceptsNewTraffic();
        if (before.effectiveAdmin() != after.effectiveAdmin() || before.health() != after.health()) {
            lastChangeMillis = System.currentTimeMillis();
        }
        if (after.effectiveAdmin() != AdminState.MAINT) {
            effectiveWeightComputed = true;
        }
        if (wasUsable && !isUsable) {
            downSinceMillis = System.currentTimeMillis();
            if (after.health() == OperationalState.DOWN && before.health() != OperationalState.DOWN) {
                downTransitions.incrementAndGet();
            }
            readySinceNanos = 0;
        } else if (!wasUsable && isUsable) {
            long since = downSinceMillis;
            if (since != 0) {
                totalDowntimeMillis += System.currentTimeMillis() - since;
                downSinceMillis = 0;
            }
            readySinceNanos = System.nanoTime();
        }
    }

    /** Records a health check's outcome (the state change, if any, goes through {@link #update}). */
    public void recordCheck(CheckResult result) {
        lastCheck = result;
        if (!result.passed()) {
            checkFailures.incrementAndGet();
        }
    }

    /**
     * The weight the balancing algorithm uses now: 0 when the server takes no new traffic, else the
     * user weight, ramped up linearly during {@code slowstart} after the server became usable.
     */
    public int effectiveWeight() {
        ServerSettings s = settings;
        if (!s.acceptsNewTraffic() || s.weight() == 0) {
            return 0;
        }
        long since = readySinceNanos;
        if (s.slowstart() == null || since == 0) {
            return s.weight();
        }
        long elapsed = System.nanoTime() - since;
        long ramp = s.slowstart().toNanos();
        if (elapsed >= ramp) {
            return s.weight();
        }
        return (int) Math.max(1, Math.ceil(s.weight() * (double) elapsed / ramp));
    }

    /** True while a slowstart ramp is still in progress. */
    public boolean rampingUp() {
        ServerSettings s = settings;
        long since = readySinceNanos;
        return s.slowstart() != null && since != 0 && System.nanoTime() - since < s.slowstart().toNanos();
    }

    /** Starts the slowstart ramp only for servers that come up after start, as HAProxy does. */
    public void skipSlowstart() {
        readySinceNanos = 0;
    }

    public int activeConnections() {
        return activeConnections.get();
    }

    /** Takes a connection slot if {@code maxconn} allows; the caller must {@link #releaseSlot()} it. */
    public boolean tryAcquireSlot() {
        int limit = settings.maxconn();
        while (true) {
            int n = activeConnections.get();
            if (limit > 0 && n >= limit) {
                return false;
            }
            if (activeConnections.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public boolean hasFreeSlot() {
        int limit = settings.maxconn();
        return limit <= 0 || activeConnections.get() < limit;
    }

    /** Gives a slot back without waking the queue: for a caller that is itself serving the queue. */
    public void releaseSlotQuietly() {
        activeConnections.decrementAndGet();
    }

    public void releaseSlot() {
        activeConnections.decrementAndGet();
        listener.slotReleased(this);
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
