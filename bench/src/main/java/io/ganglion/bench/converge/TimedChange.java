package io.ganglion.bench.converge;

import java.time.Instant;

/**
 * One registry change and the nanoseconds it took to show in the traffic.
 *
 * @param written when ZooKeeper acknowledged the write, to find the change in the agent's log
 */
public record TimedChange(ChangeKind kind, Instant written, long nanos) {
    public double millis() {
        return nanos / 1e6;
    }
}
