package io.ganglion.balancer.proxy;

import java.util.concurrent.TimeUnit;

/**
 * The process-wide limits on new connections per second ({@code maxconnrate},
 * {@code set rate-limit connections global}) and on new sessions per second ({@code maxsessrate},
 * {@code set rate-limit sessions global}), 0 meaning none, with the rates they are measured on
 * ({@code ConnRate}, {@code SessRate} of {@code show info}).
 *
 * <p>A connection is a session once the frontend's {@code tcp-request connection} rules let it
 * through: HAProxy 2.6 counts a session in {@code SessRate} only then (before a TLS handshake), so
 * a refused connection raises {@code ConnRate} alone and uses none of {@code maxsessrate}
 * (measured: 20 connections refused by {@code src 127.0.0.1} under {@code maxsessrate 5} were all
 * accepted at once, {@code SessRate} and {@code MaxSessRate} 0). A frontend without such rules
 * refuses nothing, and its connections count as sessions at the accept; with rules, the session
 * counts when they accept it ({@link FrontendListener}). Both limits are checked before an accept:
 * the lower one wins. Only the frontends' listeners count, not the stats sockets (HAProxy's CLI
 * listeners are unlimited too).
 *
 * <p>Threading: {@link #accepted} and {@link #sessionAccepted} run on the event loops, without a
 * lock ({@link SlidingRate}); {@link #millisBeforeNextAccept} anywhere; limits are set from the
 * control thread and read anywhere.
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

    /**
     * A frontend listener accepted a connection; {@code session}: it is a session at once, its
     * frontend having no {@code tcp-request connection} rules to refuse it.
     */
    void accepted(boolean session) {
        long now = nowMillis();
        connections.add(now);
        if (session) {
            sessions.add(now);
        }
    }

    /** A connection's {@code tcp-request connection} rules accepted it: it is a session now. */
    void sessionAccepted() {
        sessions.add(nowMillis());
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
