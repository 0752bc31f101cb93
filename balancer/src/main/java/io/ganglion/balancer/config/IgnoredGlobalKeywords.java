package io.ganglion.balancer.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Global keywords of HAProxy 2.6 that tune or manage HAProxy's own process and mean nothing to a
 * JVM balancer run by a supervisor: they are accepted with a warning each, so that an existing
 * HAProxy configuration loads. The lists come from HAProxy 2.6's manual (3.1 to 3.3) and its
 * registered keywords ({@code haproxy -dKcfg}). A keyword that changes what the traffic sees (rate
 * limits, TLS settings, Lua, {@code pidfile} that scripts read...) is not here: Ganglion refuses it
 * until it implements it, like any keyword it does not know ({@code maxconnrate} and
 * {@code maxsessrate} are implemented, in {@link GlobalKeywords}).
 */
final class IgnoredGlobalKeywords {
    private static final Set<SectionKind> GLOBAL = EnumSet.of(SectionKind.GLOBAL);

    /**
     * Section 3.2 "Performance tuning" and every tune.* keyword (and 3.3's "quiet"): the JVM, Netty and
     * the kernel do this themselves. Rate limits (maxconnrate, maxsessrate, maxsslrate) change what
     * clients see and server-state-base changes which file is read: they are not here.
     */
    private static final List<String> PROCESS_TUNING = List.of(
            "busy-polling", "max-spread-checks", "maxcompcpuusage", "maxcomprate", "maxpipes", "maxsslconn",
            "maxzlibmem", "no-memory-trimming", "noepoll", "noevports", "nogetaddrinfo", "nokqueue", "nopoll",
            "nosplice", "profiling.memory", "profiling.tasks", "spread-checks", "ssl-engine",
            "ssl-mode-async", "quiet",
            "tune.buffers.limit", "tune.buffers.reserve", "tune.bufsize", "tune.comp.maxlevel", "tune.fail-alloc",
            "tune.fd.edge-triggered", "tune.h2.header-table-size", "tune.h2.initial-window-size",
            "tune.h2.max-concurrent-streams", "tune.h2.max-frame-size", "tune.http.cookielen", "tune.http.logurilen",
            "tune.http.maxhdr", "tune.idle-pool.shared", "tune.idletimer", "tune.listener.multi-queue",
            "tune.lua.forced-yield", "tune.lua.maxmem", "tune.lua.service-timeout", "tune.lua.session-timeout",
            "tune.lua.task-timeout", "tune.maxaccept", "tune.maxpollevents", "tune.maxrewrite",
            "tune.pattern.cache-size", "tune.peers.max-updates-at-once", "tune.pipesize", "tune.pool-high-fd-ratio",
            "tune.pool-low-fd-ratio", "tune.quic.frontend.conn-tx-buffers.limit", "tune.quic.frontend.max-idle-timeout",
            "tune.quic.frontend.max-streams-bidi", "tune.quic.retry-threshold", "tune.rcvbuf.client",
            "tune.rcvbuf.server", "tune.recv_enough", "tune.runqueue-depth", "tune.sched.low-latency",
            "tune.sndbuf.client", "tune.sndbuf.server", "tune.ssl.cachesize", "tune.ssl.capture-buffer-size",
            "tune.ssl.capture-cipherlist-size", "tune.ssl.default-dh-param", "tune.ssl.force-private-cache",
            "tune.ssl.hard-maxrecord", "tune.ssl.keylog", "tune.ssl.lifetime", "tune.ssl.maxrecord",
            "tune.ssl.ssl-ctx-cache-size", "tune.vars.check-max-size", "tune.vars.global-max-size",
            "tune.vars.proc-max-size", "tune.vars.reqres-max-size", "tune.vars.sess-max-size",
            "tune.vars.txn-max-size", "tune.zlib.memlevel", "tune.zlib.windowsize");

    /** Section 3.1 keywords about the operating-system process: its supervisor (systemd, the agent) decides them. */
    private static final List<String> PROCESS_MANAGEMENT = List.of(
            "chroot", "cpu-map", "daemon", "fd-hard-limit", "gid", "group", "insecure-fork-wanted",
            "insecure-setuid-wanted", "master-worker", "mworker-max-reloads", "numa-cpu-mapping", "set-dumpable",
            "strict-limits", "thread-group", "thread-groups", "uid", "ulimit-n", "user");

    private IgnoredGlobalKeywords() {
    }

    static List<KeywordRow> rows() {
        List<KeywordRow> rows = new ArrayList<>();
        PROCESS_TUNING.forEach(keyword -> rows.add(ignored(keyword, "HAProxy process tuning")));
        PROCESS_MANAGEMENT.forEach(keyword ->
                rows.add(ignored(keyword, "the supervisor that starts it manages its process")));
        return rows;
    }

    /** Whatever the arguments: the keyword is not applied, so they are not judged either. */
    private static KeywordRow ignored(String keyword, String why) {
        return KeywordRow.of(keyword, GLOBAL,
                (ctx, args) -> ctx.warn("'" + keyword + "' has no effect in Ganglion (" + why + "), ignored."));
    }
}
