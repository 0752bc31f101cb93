package io.ganglion.balancer.module;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.proxy.AcceptRateLimits;
import io.ganglion.balancer.session.ErrorCaptures;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.Frontend;
import java.util.Collection;
import java.util.Optional;

/**
 * What the reporting packages ({@code stats}, {@code state}) read of a running balancer: its
 * proxies and servers and the process figures {@code show info} prints. Read-only, so that they
 * print the balancer without being able to start, stop or rebind it.
 */
public interface BalancerView {
    /** The configuration the balancer runs, for proxy ids, order and configured limits. */
    BalancerConfig config();

    Collection<Frontend> frontends();

    Optional<Frontend> frontend(String name);

    Collection<Backend> backends();

    Optional<Backend> backend(String name);

    /** When the process started, in epoch milliseconds. */
    long startMillis();

    /** The event loops carrying traffic ({@code Nbthread}). */
    int threads();

    /** Sessions open on the stats sockets now. */
    int statsSocketSessions();

    /** Sessions the stats sockets have accepted since the start. */
    long statsSocketSessionsTotal();

    /** Client connections open now, every frontend together. */
    int activeConnections();

    /** The global maxconn in force ({@code set maxconn global} included). */
    int globalMaxconn();

    /** True once a graceful stop has begun. */
    boolean stopping();

    /** The global accept and session rates, their limits and maxima. */
    AcceptRateLimits acceptRateLimits();

    /** The last refused request and response of each proxy ({@code show errors}). */
    ErrorCaptures errorCaptures();

    /** The process-wide TLS figures ({@code CurrSslConns}, {@code SslRate}...). */
    io.ganglion.balancer.stats.SslProcessFigures sslFigures();
}
