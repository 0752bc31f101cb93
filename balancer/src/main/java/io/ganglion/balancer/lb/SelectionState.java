package io.ganglion.balancer.lb;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the successive selectors of one backend carry over from one snapshot to the next: the
 * round-robin position, so a weight change does not restart the cycle from the first server, and
 * leastconn's order, which follows connections that outlive any snapshot.
 */
public final class SelectionState {
    final AtomicLong roundRobinPosition = new AtomicLong();
    final LeastConnSelector leastConn = new LeastConnSelector();
}
