package io.ganglion.balancer.stats;

import io.ganglion.balancer.module.BalancerView;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.BoundListener;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.server.Server;

/**
 * {@code clear counters} (maxima only, operator level) and {@code clear counters all} (every
 * counter, admin level) over every frontend, backend and server, and the process's maximum
 * connection, session and TLS rates. Current sessions and queues are states and stay. The h1 and
 * ssl modules' counters are cleared by both, as HAProxy clears them (its open connections and streams excepted).
 */
public final class ClearCounters {
    private ClearCounters() {
    }

    public static void clear(BalancerView balancer, boolean all) {
        for (Frontend f : balancer.frontends()) {
            f.counters().clear(all);
            f.h1Counters().clear();
            f.sslCounters().clear();
            for (BoundListener l : f.boundListeners()) {
                if (l.counters() != null) {
                    l.counters().clear(all);
                }
            }
        }
        balancer.acceptRateLimits().clearMaxima();
        balancer.sslFigures().clearMaxima();
        for (Backend b : balancer.backends()) {
            b.counters().clear(all);
            b.h1Counters().clear();
            for (Server s : b.servers()) {
                s.counters().clear(all);
            }
        }
    }
}
