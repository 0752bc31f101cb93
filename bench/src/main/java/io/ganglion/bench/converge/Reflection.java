package io.ganglion.bench.converge;

import io.ganglion.bench.backend.ObservedServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * When a registry change shows in the traffic, judged from the backends' side of the balancer.
 *
 * <ul>
 *   <li>A change that brings a server in (add, weight 0 → 1): the first request that server
 *       receives after the write. The server was armed before the write and had no traffic.</li>
 *   <li>A change that takes a server out (weight 1 → 0, remove): the last request it receives.
 *       That it was the last is known once the other servers have answered
 *       {@value #QUIET_REQUESTS} requests in a row without it (round robin over three servers
 *       sends it every third request while it is in); when none came after the write, the change
 *       counts as reflected at once (within one request interval, the resolution of the method).</li>
 * </ul>
 */
final class Reflection {
    static final int QUIET_REQUESTS = 50;
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final List<ObservedServer> others;
    private final Duration limit;

    /**
     * @param others the servers that stay in rotation throughout
     * @param limit  how long a change may take before the run gives up on it
     */
    Reflection(List<ObservedServer> others, Duration limit) {
        this.others = List.copyOf(others);
        this.limit = limit;
    }

    /** @return nanoseconds from {@code writtenNanos} to the first request {@code subject} received */
    long awaitFirstRequest(ObservedServer subject, long writtenNanos, String change) {
        long deadline = writtenNanos + limit.toNanos();
        while (true) {
            long first = subject.firstRequestSinceArmed();
            if (first > 0) {
                return Math.max(0, first - writtenNanos);
            }
            pause(deadline, change);
        }
    }

    /** @return nanoseconds from {@code writtenNanos} to the last request {@code subject} received (0 if none after it) */
    long awaitLastRequest(ObservedServer subject, long writtenNanos, String change) {
        long deadline = writtenNanos + limit.toNanos();
        long seen = subject.requests();
        long othersAtSeen = othersRequests();
        while (othersRequests() - othersAtSeen < QUIET_REQUESTS || subject.requests() != seen) {
            if (subject.requests() != seen) {
                seen = subject.requests();
                othersAtSeen = othersRequests();
            }
            pause(deadline, change);
        }
        return Math.max(0, subject.lastRequestNanos() - writtenNanos);
    }

    private long othersRequests() {
        long sum = 0;
        for (ObservedServer server : others) {
            sum += server.requests();
        }
        return sum;
    }

    private void pause(long deadline, String change) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(change + " did not show in the traffic within " + limit.toSeconds() + " s");
        }
        LockSupport.parkNanos(POLL_NANOS); // polling a measurement, not synchronising threads
    }
}
