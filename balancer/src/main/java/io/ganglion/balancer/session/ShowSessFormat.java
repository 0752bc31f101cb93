package io.ganglion.balancer.session;

import io.ganglion.balancer.session.StreamSnapshot.Kind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * HAProxy 2.6's {@code show sess} layouts: one line per stream, and the detailed block of
 * {@code show sess ID} and {@code show sess all}.
 *
 * <p>Ids, addresses, proxies, servers, ages, timers, byte totals and the HTTP state are the
 * stream's own. What only describes HAProxy's internals (flag words, scheduler counters, addresses
 * of sub-structures, buffer states) has no equivalent here: each carries the value HAProxy shows
 * for a stream in the same state, and "addresses" inside the stream's id space (see
 * {@link LiveStreams#ID_STEP}) so that the layout, and tools that parse it, stay HAProxy's.
 */
final class ShowSessFormat {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT);
    /** Where HAProxy's stream structure keeps its request and response channels, and their buffers. */
    private static final long REQ = 0x20;
    private static final long RES = 0x80;
    private static final long BUF = 0x08;
    private static final long TASK = 0x3a0;
    private static final long TXN = 0x1e0;
    private static final long SCF = 0x2c0;
    private static final long SCB = 0x3f0;
    private static final long ENDP_F = 0x140;
    private static final long ENDP_B = 0x160;
    private static final long CONN_F = 0x200;
    private static final long CONN_B = 0x260;
    private static final long PEND_POS = 0x300;
    /** Where proxies, their listeners and servers "live": far from any stream id. */
    private static final long CONFIG_SPACE = 0x7e0000000000L;
    /** HAProxy's {@code tune.bufsize} default, and what is left of it for HTX blocks after the HTX header. */
    private static final int BUFFER_SIZE = 16384;
    private static final int HTX_SIZE = 16336;

    private final ToIntFunction<String> proxyIds;
    private final ZoneId zone;

    /** @param proxyIds a proxy's numeric id by name (HAProxy's, as {@code show stat} prints it) */
    ShowSessFormat(ToIntFunction<String> proxyIds, ZoneId zone) {
        this.proxyIds = proxyIds;
        this.zone = zone;
    }

    /** The line {@code show sess} prints, with its line break. */
    void line(StreamSnapshot s, StringBuilder out) {
        Channels c = Channels.of(s);
        out.append(pointer(s.id())).append(": proto=").append(s.client().proto())
                .append(" src=").append(s.client().address())
                .append(" fe=").append(s.frontend().name())
                .append(" be=").append(s.backend() == null ? "<NONE>" : s.backend().name())
                .append(" srv=").append(serverName(s) == null ? "<none>" : serverName(s))
                .append(" ts=00 epoch=").append(hex(s.epoch()))
                .append(" age=").append(HumanTime.of(s.ageNanos()))
                .append(" calls=").append(calls(s)).append(" rate=0 cpu=0 lat=0")
                .append(" rq[f=").append(Long.toHexString(c.requestFlags)).append("h,i=0,an=")
                .append(twoDigitHex(c.requestAnalysers)).append("h,rx=").append(HumanTime.timer(s.timers().requestRead()))
                .append(",wx=,ax=] rp[f=").append(Long.toHexString(c.responseFlags)).append("h,i=0,an=")
                .append(twoDigitHex(c.responseAnalysers)).append("h,rx=").append(HumanTime.timer(s.timers().responseRead()))
                .append(",wx=,ax=] scf=[8,").append(Long.toHexString(c.frontFlags)).append("h,fd=").append(s.client().fd())
                .append("] scb=[").append(queued(s) ? 2 : 8).append(',').append(Long.toHexString(c.backFlags))
                .append("h,fd=").append(serverFd(s))
                .append("] exp=").append(HumanTime.timer(s.timers().expire())).append(" rc=0 c_exp=")
                .append(HumanTime.timer(s.timers().queue())).append('\n');
    }

    /** The block {@code show sess ID} and {@code show sess all} print for a stream. */
    void detail(StreamSnapshot s, StringBuilder out) {
        Channels c = Channels.of(s);
        long id = s.id();
        int frontendId = proxyId(s.frontend().name());
        out.append(pointer(id)).append(": [").append(date(s.startMillis())).append("] id=").append(s.uniqueId())
                .append(" proto=").append(s.client().proto()).append(" source=").append(s.client().address()).append('\n');
        out.append("  flags=0x").append(Integer.toHexString(streamFlags(s))).append(", conn_retries=0, conn_exp=")
                .append(never(s.timers().queue())).append(" conn_et=0x000 srv_conn=")
                .append(serverName(s) == null ? "(nil)" : pointer(serverPointer(s))).append(", pend_pos=")
                .append(queued(s) ? pointer(id + PEND_POS) : "(nil)").append(" waiting=0 epoch=")
                .append(hex(s.epoch())).append('\n');
        out.append("  frontend=").append(s.frontend().name()).append(" (id=").append(frontendId).append(" mode=")
                .append(s.frontend().mode().keyword()).append("), listener=? (id=").append(s.listenerId()).append(") addr=")
                .append(s.listenerAddress()).append('\n');
        if (s.backend() == null) {
            out.append("  backend=<NONE> (id=-1 mode=-)\n");
        } else {
            out.append("  backend=").append(s.backend().name()).append(" (id=").append(proxyId(s.backend().name()))
                    .append(" mode=").append(s.backend().mode().keyword()).append(')');
            if (s.server() != null && s.server().local() != null) {
                out.append(" addr=").append(s.server().local().address());
            }
            out.append('\n');
        }
        if (s.backend() == null) {
            out.append("  server=<NONE> (id=-1)\n");
        } else if (serverName(s) == null) {
            out.append("  server=<none> (id=0)\n");
        } else {
            out.append("  server=").append(s.server().name()).append(" (id=").append(s.server().id()).append(") addr=")
                    .append(s.server().address()).append('\n');
        }
        boolean cli = s.kind() == Kind.CLI;
        out.append("  task=").append(pointer(id + TASK)).append(" (state=0x00 nice=").append(cli ? -64 : 0).append(" calls=")
                .append(calls(s)).append(" rate=0 exp=").append(never(s.timers().expire())).append(" tmask=0x")
                .append(Long.toHexString(threadMask(id))).append(" age=").append(HumanTime.of(s.ageNanos())).append(")\n");
        if (s.http() != null) {
            StreamSnapshot.HttpTransaction t = s.http();
            out.append("  txn=").append(pointer(id + TXN)).append(" flags=0x3000 meth=").append(t.method())
                    .append(" status=").append(t.status()).append(" req.st=").append(t.requestDone() ? "MSG_DONE" : "MSG_DATA")
                    .append(" rsp.st=").append(t.responseDone() ? "MSG_DONE" : t.responseBegun() ? "MSG_DATA" : "MSG_RPBEFORE")
                    .append(" req.f=0x4c rsp.f=0x00\n");
        }
        String mux = switch (s.kind()) {
            case HTTP -> "H1";
            case TCP, CLI -> "PASS";
        };
        out.append("  scf=").append(pointer(id + SCF)).append(" flags=0x").append(eightDigitHex(c.frontFlags))
                .append(" state=EST endp=CONN,").append(pointer(id + ENDP_F)).append(",0x")
                .append(s.kind() == Kind.HTTP ? "02804001" : "028c0001").append(" sub=1\n");
        out.append("      co0=").append(pointer(id + CONN_F)).append(" ctrl=").append(s.client().proto())
                .append(" xprt=RAW mux=").append(mux).append(" data=STRM target=LISTENER:")
                .append(pointer(CONFIG_SPACE + ((long) frontendId << 16) + ((long) s.listenerId() << 8))).append('\n');
        out.append("      flags=0x").append(cli ? "00000300" : "80000300").append(" fd=").append(s.client().fd())
                .append(" fd.state=").append(cli ? 21 : 20).append(" updt=0 fd.tmask=0x").append(Long.toHexString(threadMask(id))).append('\n');
        if (cli) {
            out.append("  scb=").append(pointer(id + SCB)).append(" flags=0x00000001 state=EST endp=APPCTX,")
                    .append(pointer(id + ENDP_B)).append(",0x02800002 sub=0\n");
            out.append("      app1=").append(pointer(id + ENDP_B)).append(" st0=9 st1=0 st2=0 applet=<CLI> tmask=0x")
                    .append(Long.toHexString(threadMask(id))).append(" nice=-64 calls=1 rate=0 cpu=0 lat=0\n");
        } else if (s.server() != null && s.server().local() != null) {
            out.append("  scb=").append(pointer(id + SCB)).append(" flags=0x").append(eightDigitHex(c.backFlags))
                    .append(" state=EST endp=CONN,").append(pointer(id + ENDP_B)).append(",0x")
                    .append(s.kind() == Kind.HTTP ? "02800001" : "028c0001").append(" sub=1\n");
            out.append("      co1=").append(pointer(id + CONN_B)).append(" ctrl=").append(s.server().local().proto())
                    .append(" xprt=RAW mux=").append(mux).append(" data=STRM target=SERVER:").append(pointer(serverPointer(s))).append('\n');
            out.append("      flags=0x00000300 fd=").append(s.server().local().fd()).append(" fd.state=10421 updt=0 fd.tmask=0x")
                    .append(Long.toHexString(threadMask(id))).append('\n');
        } else {
            // Waiting in the backend's queue: no connection to describe.
            out.append("  scb=").append(pointer(id + SCB)).append(" flags=0x").append(eightDigitHex(c.backFlags))
                    .append(" state=QUE endp=NONE,(nil),0x00000010 sub=0\n");
        }
        channel(out, "req", id + REQ, c.requestFlags, c.requestAnalysers, s.requestBytes(), s.timers().requestRead(), s);
        channel(out, "res", id + RES, c.responseFlags, c.responseAnalysers, s.responseBytes(), s.timers().responseRead(), s);
    }

    private void channel(StringBuilder out, String name, long at, long flags, long analysers, long total, long readTimer,
            StreamSnapshot s) {
        boolean cli = s.kind() == Kind.CLI;
        out.append("  ").append(name).append('=').append(pointer(at)).append(" (f=0x").append(Long.toHexString(flags))
                .append(" an=0x").append(Long.toHexString(analysers)).append(" pipe=0 tofwd=")
                .append(s.kind() == Kind.HTTP || (queued(s) && name.equals("res")) ? 0 : -1).append(" total=").append(total)
                .append(")\n");
        out.append("      an_exp=<NEVER> rex=").append(never(readTimer)).append(" wex=<NEVER>\n");
        if (s.kind() == Kind.HTTP && name.equals("req") && queued(s)) {
            // Waiting for a server, HAProxy's request sits in its buffer, as HTX blocks: the start
            // line, one per header, the end of the head.
            out.append("      buf=").append(pointer(at + BUF)).append(" data=").append(pointer(at + 0x100)).append(" o=")
                    .append(total).append(" p=").append(total).append(" i=").append(BUFFER_SIZE - total).append(" size=")
                    .append(BUFFER_SIZE).append('\n');
            out.append("      htx=").append(pointer(CONFIG_SPACE - 0x800)).append(" flags=0x0 size=").append(HTX_SIZE)
                    .append(" data=").append(total).append(" used=").append(s.http().requestHeaders() + 2)
                    .append(" wrap=NO extra=0\n");
            return;
        }
        out.append("      buf=").append(pointer(at + BUF)).append(" data=").append(cli ? pointer(at + 0x100) : "(nil)")
                .append(" o=0 p=0 i=0 size=").append(cli ? BUFFER_SIZE : 0).append('\n');
        if (s.kind() == Kind.HTTP) {
            out.append("      htx=").append(pointer(CONFIG_SPACE - 0x800)).append(" flags=0x0 size=0 data=0 used=0 wrap=NO extra=0\n");
        }
    }

    /** Waiting for a server: a backend but no server connection yet (HAProxy's {@code QUE} state). */
    private static boolean queued(StreamSnapshot s) {
        return s.kind() != Kind.CLI && s.backend() != null && (s.server() == null || s.server().local() == null);
    }

    private static String serverName(StreamSnapshot s) {
        return s.server() == null ? null : s.server().name();
    }

    private static int serverFd(StreamSnapshot s) {
        return s.server() == null || s.server().local() == null ? -1 : s.server().local().fd();
    }

    private long serverPointer(StreamSnapshot s) {
        return CONFIG_SPACE + ((long) proxyId(s.backend().name()) << 16) + 0x8000 + ((long) s.server().id() << 8);
    }

    private int proxyId(String name) {
        return name.equals(StreamSnapshot.Proxy.GLOBAL.name()) ? 0 : proxyIds.applyAsInt(name);
    }

    /** HAProxy's task call counter: a stats session has been woken for its command, a stream for its accept and request. */
    private static int calls(StreamSnapshot s) {
        return s.kind() == Kind.CLI ? 1 : 2;
    }

    /** {@code SF_*}: HAProxy's words for a stream with a server assigned and connected, or not yet. */
    private static int streamFlags(StreamSnapshot s) {
        if (s.kind() == Kind.CLI) {
            return 0x8;
        }
        int flags = s.server() != null && s.server().name() != null ? 0x4a : 0x8;
        return s.kind() == Kind.HTTP ? flags | 0xc00 : flags;
    }

    /** The loop's bit, as HAProxy's thread mask: ids carry their loop's number (see {@link LiveStreams}). */
    private static long threadMask(long id) {
        long loop = id / LiveStreams.IDS_PER_LOOP;
        return loop >= 1 && loop <= 64 ? 1L << (loop - 1) : 1;
    }

    private String date(long millis) {
        Instant at = Instant.ofEpochMilli(millis);
        return DATE.format(at.atZone(zone)) + ".%06d".formatted((millis % 1000) * 1000);
    }

    private static String never(long nanos) {
        return nanos < 0 ? "<NEVER>" : HumanTime.of(nanos);
    }

    static String pointer(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** C's {@code %#x}: {@code 0} for zero, {@code 0x...} otherwise. */
    private static String hex(long value) {
        return value == 0 ? "0" : "0x" + Long.toHexString(value);
    }

    private static String twoDigitHex(long value) {
        String h = Long.toHexString(value);
        return h.length() < 2 ? "0" + h : h;
    }

    private static String eightDigitHex(long value) {
        return "%08x".formatted(value);
    }

    /**
     * The channel and stream connector flag words HAProxy shows for a stream in the same state
     * (waiting for its server's response, relaying tcp, running a command).
     */
    private record Channels(long requestFlags, long requestAnalysers, long responseFlags, long responseAnalysers,
            long frontFlags, long backFlags) {
        static Channels of(StreamSnapshot s) {
            return switch (s.kind()) {
                case HTTP -> new Channels(0x49c40080L, 0x8000, 0x80400000L, 0x1400000, 0x80, 0x11);
                case TCP -> new Channels(0x808000L, 0, 0x80008000L, 0, 0, 1);
                case CLI -> new Channels(0xc08000L, 0, 0x80008000L, 0, 0x200, 1);
            };
        }
    }
}
