package io.ganglion.balancer.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The ssl module's counters of one frontend ({@code ssl_sess}, {@code ssl_reused_sess},
 * {@code ssl_failed_handshake} of {@code show stat}): handshakes that made a new session, those
 * that resumed one (HAProxy 2.6 counts a resumed handshake in the second only), and handshakes that
 * failed or were left unfinished (a client speaking plain HTTP to a TLS port, a
 * truncated or timed-out handshake). Written by the {@code tls} package from every event loop.
 */
public final class SslCounters {
    private final LongAdder sessions = new LongAdder();
    private final LongAdder reused = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** A handshake completed: a new session ({@code ssl_sess}) or a resumed one ({@code ssl_reused_sess}), as HAProxy 2.6 counts them. */
    public void handshakeDone(boolean resumed) {
        (resumed ? reused : sessions).increment();
    }

    public void handshakeFailed() {
        failed.increment();
    }

    public long sessions() {
        return sessions.sum();
    }

    public long reusedSessions() {
        return reused.sum();
    }

    public long failedHandshakes() {
        return failed.sum();
    }

    /** {@code clear counters all}. */
    public void clear() {
        sessions.reset();
        reused.reset();
        failed.reset();
    }
}
