package io.ganglion.bench.balancers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process and all its descendants, read from {@code /proc}: the
 * figures a balancer costs its host, whatever its threads or worker processes.
 */
public final class ProcessTree {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux of the last decades (USER_HZ). */
    private static final long TICKS_PER_SECOND = 100;

    private final long rootPid;
    private final ThreadsClock compilers = new ThreadsClock("C1 Compiler", "C2 Compiler");
    private final ThreadsClock collector = new ThreadsClock("GC Thread", "VM Thread");

    public ProcessTree(long rootPid) {
        this.rootPid = rootPid;
    }

    /** User plus system CPU time of the tree so far, in nanoseconds (10 ms resolution). */
    public long cpuNanos() {
        long ticks = 0;
        for (long pid : pids()) {
            ticks += read(pid, "stat").map(ProcessTree::userPlusSystemTicks).orElse(0L);
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * CPU time so far of the JIT compiler threads of the root process (a JVM's {@code C1/C2
     * CompilerThread}s; none in HAProxy), in nanoseconds: while it grows, a JVM is still compiling
     * its hot paths and its figures are not yet steady. Never less than at an earlier call on this
     * instance: HotSpot ends compiler threads that fall idle (and starts them again), and a sum over
     * the live ones alone went backwards (-0.25 s in a `converge` run).
     */
    public long compilerCpuNanos() {
        return compilers.cpuNanos(rootPid);
    }

    /**
     * CPU time so far of the garbage collector's threads of the root process (a JVM's
     * {@code GC Thread#N}, and its {@code VM Thread}, where the serial collector the balancer runs
     * with collects; none in HAProxy), in nanoseconds: what a load that keeps much new data costs
     * in collections rather than in its own code. The VM Thread's other work (safepoints, code
     * cache sweeps) is small beside collections under such a load.
     */
    public long collectorCpuNanos() {
        return collector.cpuNanos(rootPid);
    }

    /**
     * The CPU time of a process's threads whose name starts with one of the prefixes, each thread
     * counted with the most it was seen to have, so that a thread that ended keeps counting.
     * Confined to the harness's thread that measures.
     */
    static final class ThreadsClock {
        private final List<String> prefixes;
        private final Map<String, Long> ticksByThread = new HashMap<>();

        ThreadsClock(String... prefixes) {
            this.prefixes = List.of(prefixes);
        }

        long cpuNanos(long pid) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    String name = readPath(task.resolve("comm")).orElse("");
                    if (prefixes.stream().anyMatch(name::startsWith)) {
                        readPath(task.resolve("stat")).map(ProcessTree::userPlusSystemTicks)
                                .ifPresent(ticks -> seen(task.getFileName().toString(), ticks));
                    }
                }
            } catch (IOException e) {
                // the process is gone: it uses no more CPU than was seen
            }
            return ticksSeen() * (1_000_000_000L / TICKS_PER_SECOND);
        }

        void seen(String thread, long ticks) {
            ticksByThread.merge(thread, ticks, Math::max);
        }

        long ticksSeen() {
            return ticksByThread.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Resident set size of the tree, in bytes. */
    public long rssBytes() {
        long kib = 0;
        for (long pid : pids()) {
            kib += read(pid, "status").map(ProcessTree::vmRssKib).orElse(0L);
        }
        return kib * 1024;
    }

    /** Resident set size of one process alone, in bytes (0 when it is gone). */
    public static long rssBytesOf(long pid) {
        return read(pid, "status").map(ProcessTree::vmRssKib).orElse(0L) * 1024;
    }

    private List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(rootPid);
        ProcessHandle.of(rootPid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** A process that ended between listing and reading simply counts for nothing. */
    private static Optional<String> read(long pid, String file) {
        return readPath(Path.of("/proc", Long.toString(pid), file));
    }

    private static Optional<String> readPath(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Fields 14 and 15 of {@code /proc/PID/stat}, counted after the command name, which may hold blanks. */
    static long userPlusSystemTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long vmRssKib(String status) {
        try (Stream<String> lines = status.lines()) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> l.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong)
                    .findFirst().orElse(0);
        }
    }
}
