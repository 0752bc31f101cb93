package io.ganglion.bench.load;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Untimed load before a part times anything, until a JVM balancer is warm: at least a minimum, in
 * slices of {@value #SLICE_SECONDS} s, then more slices until two in a row agree on their figure
 * within {@value #STABLE_PERCENT}% and the JIT compiler threads (a JVM's; HAProxy has none, so its
 * compilers read 0) spent under {@value #COMPILING_PERCENT}% of the last slice. A JVM still
 * compiling on a busy machine can hold a low rate steady for a while, and its compilers take the
 * cores the timed work then waits for. At most six times the minimum in all: on a busy machine the
 * figure may never settle, and what the part measures then shows it ({@link Outcome#settled}).
 */
public final class WarmUp {
    public static final int SLICE_SECONDS = 2;
    static final int STABLE_PERCENT = 10;
    static final int COMPILING_PERCENT = 5;
    private static final int MOST_TIMES_MINIMUM = 6;

    /** One slice of the part's load. */
    @FunctionalInterface
    public interface Slice {
        /** Runs the load for {@code length} and returns its steadiness figure (requests/s, say). */
        double run(Duration length);
    }

    /**
     * @param seconds        the load's length in all
     * @param settled        whether it ended because the figure was steady and the compilers quiet,
     *                       rather than at its limit
     * @param compilingShare the compilers' CPU time in the last slice over that slice's length
     */
    public record Outcome(long seconds, boolean settled, double compilingShare) {
        static final Outcome NONE = new Outcome(0, true, 0);
    }

    private WarmUp() {
    }

    /**
     * @param minimum          the least load ({@code --warmup}); zero runs none
     * @param slice            the part's load
     * @param compilerCpuNanos the CPU time so far of the JIT compilers of what is measured
     */
    public static Outcome run(Duration minimum, Slice slice, LongSupplier compilerCpuNanos) {
        long minimumSeconds = minimum.toSeconds();
        if (minimumSeconds == 0) {
            return Outcome.NONE;
        }
        Duration length = Duration.ofSeconds(Math.min(SLICE_SECONDS, minimumSeconds));
        long spent = 0;
        double previous = -1;
        double compilingShare = 0;
        while (spent < MOST_TIMES_MINIMUM * minimumSeconds) {
            long compilingBefore = compilerCpuNanos.getAsLong();
            double figure = slice.run(length);
            long compiling = compilerCpuNanos.getAsLong() - compilingBefore;
            spent += length.toSeconds();
            compilingShare = compiling / (double) length.toNanos();
            boolean stable = previous > 0 && Math.abs(figure - previous) * 100 <= STABLE_PERCENT * previous;
            boolean compiled = compiling * 100 < COMPILING_PERCENT * length.toNanos();
            if (spent >= minimumSeconds && stable && compiled) {
                return new Outcome(spent, true, compilingShare);
            }
            previous = figure;
        }
        return new Outcome(spent, false, compilingShare);
    }
}
