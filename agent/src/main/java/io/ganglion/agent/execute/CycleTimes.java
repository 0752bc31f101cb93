package io.ganglion.agent.execute;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When the reconcile loop's next cycle comes when nothing wakes it.
 *
 * @param resync     without anything pending, every watched backend is re-read about this often
 * @param followUp   after a cycle that sent commands: confirms them promptly
 * @param drainCheck while a server drains (or a shrink waits for confirmation) and nothing else
 *                   happens: re-reads only the backends concerned, this often
 */
public record CycleTimes(Duration resync, Duration followUp, Duration drainCheck) {

    /** A tenth of the resync either way. */
    private static final double JITTER = 0.1;

    /**
     * The resync, give or take a tenth at random: agents started together (a fleet restarted at
     * once, a shared balancer's sidecars) do not keep reading in step.
     *
     * @param random a value in [0, 1)
     */
    public Duration jitteredResync(DoubleSupplier random) {
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Duration.ofNanos(Math.round(resync.toNanos() * factor));
    }
}
