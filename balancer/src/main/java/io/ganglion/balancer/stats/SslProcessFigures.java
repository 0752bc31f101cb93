package io.ganglion.balancer.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * The process-wide TLS figures of {@code show info}, counted as HAProxy 2.6 counts them: a TLS
 * connection counts from its accept to its close ({@code CurrSslConns}, {@code CumSslConns}),
 * whether its handshake succeeds or not; {@code SslRate} counts TLS connections accepted per
 * second; {@code SslFrontendKeyRate} the handshakes that made new keys (full handshakes, not
 * resumed); {@code SslFrontendSessionReuse_pct} is derived from the two rates as HAProxy derives it.
 * Connections to {@code ssl} servers (traffic and checks) count in {@code CurrSslConns} and
 * {@code CumSslConns} but not in {@code SslRate}, and their full handshakes in
 * {@code SslBackendKeyRate} (seen with HAProxy 2.6.12: checks alone raise both).
 * Written by the {@code tls} package from every event loop.
 */
public final class SslProcessFigures {
    private final LongAdder current = new LongAdder();
    private final LongAdder total = new LongAdder();
    private final EventRate sessionRate = new EventRate();
    private final EventRate frontendKeyRate = new EventRate();
    private final EventRate backendKeyRate = new EventRate();

    public void connectionOpened() {
        current.increment();
        total.increment();
        sessionRate.add();
    }

    public void connectionClosed() {
        current.decrement();
    }

    /** A frontend handshake completed; {@code resumed} false when it computed new keys. */
    public void frontendHandshakeDone(boolean resumed) {
        if (!resumed) {
            frontendKeyRate.add();
        }
    }

    /** A TLS connection to a server was opened; closed with {@link #connectionClosed}. */
    public void backendConnectionOpened() {
        current.increment();
        total.increment();
    }

    /** A handshake with a server completed; {@code resumed} false when it computed new keys. */
    public void backendHandshakeDone(boolean resumed) {
        if (!resumed) {
            backendKeyRate.add();
        }
    }

    public EventRate backendKeyRate() {
        return backendKeyRate;
    }

    public long current() {
        return current.sum();
    }

    public long total() {
        return total.sum();
    }

    public EventRate sessionRate() {
        return sessionRate;
    }

    public EventRate frontendKeyRate() {
        return frontendKeyRate;
    }

    /** HAProxy's {@code 100 - 100 * keys / sessions} over the last second, rounded as it rounds; 0 without sessions. */
    public int frontendSessionReusePercent() {
        int sessions = sessionRate.perSecond();
        int keys = frontendKeyRate.perSecond();
        if (keys >= sessions) {
            return 0;
        }
        return 100 - (100 * keys + (sessions - 1)) / sessions;
    }

    /** {@code clear counters}: the maxima, as HAProxy clears its process maxima. */
    public void clearMaxima() {
        sessionRate.clearMax();
        frontendKeyRate.clearMax();
        backendKeyRate.clearMax();
    }
}
