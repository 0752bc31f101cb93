package io.ganglion.balancer.proxy;

import java.util.concurrent.TimeUnit;

/**
 * The process-wide limits on new connections per second ({@code maxconnrate},
 * {@code set rate-limit connections global}) and on new sessions per second ({@code maxsessrate},
 * {@code set rate-limit sessions global}), 0 meaning none, with the rates they are measured on
 * ({@code ConnRate}, {@code SessRate} of {@code show info}).
 *
 * <p>In HAProxy a session starts after the {@code tcp-request connection} rules, which may refuse
 * a connection; Ganglion has no such rules yet, so every accepted connection is a session at
 * once and both limits apply at the accept: the lower one wins. Only the frontends' listeners
 * count, not the stats sockets (HAProxy's CLI listeners are unlimited too).
 *
 * <p>Threading: {@link #accepted} and {@link #millisBeforeNextAccept} run on the accept loop;
 * limits are set from the control thread and read anywhere.
 */
public final class AcceptRateLimits {
    private final SlidingRate connections;
    private final SlidingRate sessions;
    private volatile int connectionLimit;
    private volatile int sessionLimit;

    public AcceptRateLimits(int connectionLimit, int sessionLimit) {
        long now = nowMillis();
        this.connections = new SlidingRate(now);
        this.sessions = new SlidingRate(now);
        this.connectionLimit = connectionLimit;
        this.sessionLimit = sessionLimit;
    }

    static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(LoopClock.nanoTime());
    }

    /** A frontend listener accepted a connection (a session too, see above). */
    void accepted() {
        long now = nowMillis();
        connections.add(now);
        sessions.add(now);
    }

    /** 0 when a listener may accept now, else how long it should pause first. */
    long millisBeforeNextAccept() {
        int conn = connectionLimit;
        int sess = sessionLimit;
        if (conn == 0 && sess == 0) {
            return 0;
        }
        long now = nowMillis();
        long wait = conn > 0 ? connections.millisBelow(conn, now) : 0;
        return Math.max(wait, sess > 0 ? sessions.millisBelow(sess, now) : 0);
    }

    public int connectionLimit() {
        return connectionLimit;
    }

    public int sessionLimit() {
        return sessionLimit;
    }

    /** Call through {@link FrontendListener#setConnectionRateLimit}, which wakes paused listeners. */
    void setConnectionLimit(int perSecond) {
        connectionLimit = perSecond;
    }

    /** Call through {@link FrontendListener#setSessionRateLimit}. */
    void setSessionLimit(int perSecond) {
        sessionLimit = perSecond;
    }

    public int connectionRate() {
        return connections.perSecond(nowMillis());
    }

    public int sessionRate() {
        return sessions.perSecond(nowMillis());
    }

    public int maxConnectionRate() {
        return connections.max();
    }

    public int maxSessionRate() {
        return sessions.max();
    }

    /** {@code clear counters}: HAProxy resets the process maxima with the proxies' ones. */
    public void clearMaxima() {
        connections.clearMax();
        sessions.clearMax();
    }
}
