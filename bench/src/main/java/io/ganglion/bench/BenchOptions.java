package io.ganglion.bench;

import io.ganglion.bench.balancers.TargetKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The knobs of one harness run.
 *
 * @param runs            measured runs per figure (median and spread are printed)
 * @param duration        length of one measured run
 * @param warmup          untimed load before the measured runs of each target (JIT, connection pools)
 * @param threads         {@code nbthread} of both balancers, wrk's threads and the backends' loops
 * @param connections     wrk's concurrent connections
 * @param targets         the columns to measure
 * @param profile         record a JFR profile of the bundled balancer during each part's load
 * @param outDir          where CSV, JSON, the table, logs and profiles go
 * @param idleConnections idle connections held for the memory-per-connection figure
 * @param socketServers   servers of the backend the socket commands address
 * @param scaleServers    servers added over the socket in the scale part
 * @param convergeChanges registry changes timed in the converge part
 * @param convergeWarmup  changes made first in the converge part, under load, not timed
 * @param convergeRate    requests/s of the converge part's load
 * @param stickEntries    entries the stick part sets over the socket, then lists
 * @param mapEntries      CIDR networks the patterns part loads into its map
 */
public record BenchOptions(int runs, Duration duration, Duration warmup, int threads, int connections,
        List<TargetKind> targets, boolean profile, Path outDir, int idleConnections, int socketServers,
        int scaleServers, int convergeChanges, int convergeWarmup, int convergeRate, int stickEntries, int mapEntries) {

    public BenchOptions {
        targets = List.copyOf(targets);
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration.toSeconds() + " s");
        }
    }

    /** Balancers among the targets: the direct run has no socket and no process to measure. */
    public List<TargetKind> balancers() {
        return targets.stream().filter(TargetKind::isBalancer).toList();
    }
}
