package io.ganglion.balancer.log;

import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.UniqueId;
import io.ganglion.balancer.server.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HAProxy 2.6's log-format variables ({@code %ci}, {@code %ST}, {@code %{+Q}r}...: section 8.2.4 of
 * its configuration manual), each writing its value from a finished stream as HAProxy writes it.
 * The table is HAProxy's ({@code logformat_keywords} in its log.c), without {@code %o}, which is a
 * flag for the elements after it rather than a value.
 *
 * <p>Timers in milliseconds, as HAProxy derives them (section 8.4), from the moment the connection
 * was free for the stream (its accept, or the previous response's end: the accept date {@code %t}):
 * {@code %Th} (handshake) is 0 without TLS, {@code %Ti} the idle time to the request's first byte,
 * {@code %TR} the time to read its head, {@code %Tq} = Th + Ti + TR, {@code %Ta} = Tt - Th - Ti.
 */
enum LogVariable {
    // bytes sent to the client (an HTTP message's internal size, as HAProxy counts it)
    B("B", false, (out, l, options, logCount) -> out.append(l.loggedBytesOut())),
    // captured request cookie: no cookie capture here
    CC("CC", true, (out, l, options, logCount) -> LogText.text(out, null, options)),
    // captured response cookie
    CS("CS", true, (out, l, options, logCount) -> LogText.text(out, null, options)),
    // host name
    H("H", false, (out, l, options, logCount) -> LogText.text(out, Process.HOSTNAME, options)),
    // unique id: made now if the stream has none yet, absent without unique-id-format
    ID("ID", false, (out, l, options, logCount) -> {
        UniqueId format = l.stream().frontend().config().get(UniqueId.FORMAT);
        LogText.text(out, format == null ? null : l.stream().uniqueId(format, l), options);
    }),
    // status: -1 for an HTTP stream without one, 0 in mode tcp
    ST("ST", false, (out, l, options, logCount) -> {
        int status = l.stream().status();
        out.append(status == 0 && http(l) ? -1 : status);
    }),
    // accept date, GMT
    T("T", false, (out, l, options, logCount) -> LogDates.gmt(out, l.stream().readyMillis())),
    // active time: Tt - Th - Ti
    TA("Ta", true, (out, l, options, logCount) -> {
        Stream s = l.stream();
        out.append(s.totalMillis() - s.idleMillis());
    }),
    TC("Tc", false, (out, l, options, logCount) -> out.append(l.stream().connectMillis())),
    // handshake: nothing to shake hands over without TLS (HAProxy logs 0 for a plain connection too)
    TH("Th", false, (out, l, options, logCount) -> out.append(0)),
    TI("Ti", true, (out, l, options, logCount) -> out.append(l.stream().idleMillis())),
    // accept date, local, with the offset
    TL("Tl", false, (out, l, options, logCount) -> LogDates.localWithOffset(out, l.stream().readyMillis())),
    // Th + Ti + TR
    TQ("Tq", true, (out, l, options, logCount) -> out.append(l.stream().requestHeadMillis())),
    // server response time: from the connection to the response head (the stream's time to it, less Tw and Tc)
    TR_RESPONSE("Tr", true, (out, l, options, logCount) -> {
        Stream s = l.stream();
        long head = s.responseMillis();
        out.append(head < 0 ? -1 : head - Math.max(0, s.queueMillis()) - Math.max(0, s.connectMillis()));
    }),
    // time to read the request head
    TR_REQUEST("TR", true, (out, l, options, logCount) -> {
        Stream s = l.stream();
        out.append(s.requestHeadMillis() - s.idleMillis());
    }),
    // data transfer: Tt - (Tq + Tw + Tc + Tr)
    TD("Td", false, (out, l, options, logCount) -> {
        Stream s = l.stream();
        if (http(l)) {
            // responseMillis counts from the complete head: Tw + Tc + Tr
            out.append(s.responseMillis() >= 0 ? s.totalMillis() - s.requestHeadMillis() - s.responseMillis() : -1);
        } else {
            out.append(s.connectMillis() >= 0 ? s.totalMillis() - Math.max(0, s.queueMillis()) - s.connectMillis() : -1);
        }
    }),
    // accept date, seconds since the epoch
    TS("Ts", false, (out, l, options, logCount) -> LogText.number(out, l.stream().readyMillis() / 1000, options, 4)),
    TT("Tt", false, (out, l, options, logCount) -> out.append(l.stream().totalMillis())),
    // Tt - Ti
    TU("Tu", false, (out, l, options, logCount) -> {
        Stream s = l.stream();
        out.append(s.totalMillis() - s.idleMillis());
    }),
    TW("Tw", false, (out, l, options, logCount) -> out.append(l.stream().queueMillis())),
    // bytes from the client (the same)
    U("U", false, (out, l, options, logCount) -> out.append(l.loggedBytesIn())),
    AC("ac", false, (out, l, options, logCount) -> out.append(l.activeConnections())),
    // the backend, or the frontend when none was chosen (HAProxy's stream starts on it)
    BACKEND("b", false, (out, l, options, logCount) -> {
        Backend b = l.stream().backend();
        LogText.text(out, b == null ? l.stream().frontend().name() : b.name(), options);
    }),
    BC("bc", false, (out, l, options, logCount) -> {
        Backend b = l.stream().backend();
        out.append(b == null ? 0 : b.counters().current());
    }),
    BI("bi", false, (out, l, options, logCount) -> LogText.ip(out, l.serverSourceAddress(), options)),
    BP("bp", false, (out, l, options, logCount) -> LogText.port(out, l.serverSourceAddress(), options)),
    // position in the backend's queue when the stream left it
    BQ("bq", false, (out, l, options, logCount) -> out.append(l.stream().backendQueuePosition())),
    CI("ci", false, (out, l, options, logCount) -> LogText.ip(out, l.stream().client(), options)),
    CP("cp", false, (out, l, options, logCount) -> LogText.port(out, l.stream().client(), options)),
    F("f", false, (out, l, options, logCount) -> LogText.text(out, l.stream().frontend().name(), options)),
    FC("fc", false, (out, l, options, logCount) -> out.append(l.frontendConnections())),
    FI("fi", false, (out, l, options, logCount) -> LogText.ip(out, l.frontendAddress(), options)),
    FP("fp", false, (out, l, options, logCount) -> LogText.port(out, l.frontendAddress(), options)),
    // the frontend and its transport: a '~' after it would mean TLS
    FT("ft", false, (out, l, options, logCount) -> {
        boolean quote = (options & LogOptions.QUOTE) != 0;
        if (quote) {
            out.append('"');
        }
        out.append(l.stream().frontend().name());
        if (quote) {
            out.append('"');
        }
    }),
    // captured request and response headers: {a|b} or a list, nothing without captures
    HR("hr", false, Side.REQUEST, (out, l, options, logCount) -> CapturedHeaders.block(out, l.stream().requestCaptures(), options)),
    HRL("hrl", false, Side.REQUEST, (out, l, options, logCount) -> CapturedHeaders.list(out, l.stream().requestCaptures(), options)),
    HS("hs", false, Side.RESPONSE, (out, l, options, logCount) -> CapturedHeaders.block(out, l.stream().responseCaptures(), options)),
    HSL("hsl", false, Side.RESPONSE, (out, l, options, logCount) -> CapturedHeaders.list(out, l.stream().responseCaptures(), options)),
    HM("HM", true, (out, l, options, logCount) -> RequestLine.method(out, l.requestLine(), options)),
    HP("HP", true, (out, l, options, logCount) -> RequestLine.path(out, l.requestLine(), options, false)),
    HPO("HPO", true, (out, l, options, logCount) -> RequestLine.path(out, l.requestLine(), options, true)),
    HQ("HQ", true, (out, l, options, logCount) -> RequestLine.query(out, l.requestLine(), options)),
    HU("HU", true, (out, l, options, logCount) -> RequestLine.uri(out, l.requestLine(), options)),
    HV("HV", true, (out, l, options, logCount) -> RequestLine.version(out, l.requestLine(), options)),
    // lines this frontend logged before this one
    LC("lc", false, (out, l, options, logCount) -> LogText.number(out, logCount, options, 4)),
    MS("ms", false, (out, l, options, logCount) -> {
        if ((options & LogOptions.HEXA) != 0) {
            LogText.hex(out, Math.floorMod(l.stream().readyMillis(), 1000L), 2);
        } else {
            LogDates.milliseconds(out, l.stream().readyMillis());
        }
    }),
    PID("pid", false, (out, l, options, logCount) -> LogText.number(out, Process.ID, options, 4)),
    // the request line
    R("r", true, (out, l, options, logCount) -> RequestLine.whole(out, l.requestLine(), options)),
    // connection retries, after a '+' when the stream was redispatched
    RC("rc", false, (out, l, options, logCount) -> {
        if (l.stream().redispatched()) {
            out.append('+');
        }
        out.append(l.stream().retries());
    }),
    // the stream's rank (HAProxy's uniq_id)
    RT("rt", false, (out, l, options, logCount) -> LogText.number(out, l.stream().rank(), options, 4)),
    S("s", false, (out, l, options, logCount) -> {
        Server s = l.stream().server();
        String service = l.stream().serviceName();
        LogText.text(out, s != null ? s.name() : service != null ? service : "<NOSRV>", options);
    }),
    SC("sc", false, (out, l, options, logCount) -> {
        Server s = l.stream().server();
        out.append(s == null ? 0 : s.counters().current());
    }),
    SI("si", false, (out, l, options, logCount) -> LogText.ip(out, l.serverAddress(), options)),
    SP("sp", false, (out, l, options, logCount) -> LogText.port(out, l.serverAddress(), options)),
    // position in the server's queue when the stream left it: requests wait in their backend's queue only
    SQ("sq", false, (out, l, options, logCount) -> out.append(0)),
    // the client's TLS cipher: none without TLS, as HAProxy logs a plain connection
    SSLC("sslc", false, (out, l, options, logCount) -> LogText.text(out, null, options)),
    SSLV("sslv", false, (out, l, options, logCount) -> LogText.text(out, null, options)),
    // accept date, local, with milliseconds
    DATE("t", false, (out, l, options, logCount) -> LogDates.local(out, l.stream().readyMillis())),
    // The request's date: the accept date plus Th and Ti, the request's first byte.
    REQUEST_DATE("tr", true, (out, l, options, logCount) -> LogDates.local(out, requestDate(l))),
    REQUEST_DATE_GMT("trg", true, (out, l, options, logCount) -> LogDates.gmt(out, requestDate(l))),
    REQUEST_DATE_LOCAL("trl", true, (out, l, options, logCount) -> LogDates.localWithOffset(out, requestDate(l))),
    TERMINATION("ts", false, (out, l, options, logCount) -> out.append(l.stream().termination(), 0, 2)),
    // with the cookie flags, '-' without cookies
    TERMINATION_COOKIES("tsc", false, (out, l, options, logCount) -> out.append(l.stream().termination()));

    /** Writes one variable's value for a stream, with the element's flags. */
    @FunctionalInterface
    private interface Writer {
        void append(StringBuilder out, LoggedStream l, int options, long logCount);
    }

    /** What the process logs of itself, read once. */
    private static final class Process {
        static final long ID = ProcessHandle.current().pid();
        /** HAProxy's {@code hostname}: the system's host name ({@code gethostname}). */
        static final String HOSTNAME = hostname();

        private static String hostname() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                return "localhost";
            }
        }
    }

    /** Which captured headers a variable writes, if any. */
    private enum Side { NONE, REQUEST, RESPONSE }

    private final String keyword;
    private final boolean httpOnly;
    private final Side capture;
    private final Writer writer;

    LogVariable(String keyword, boolean httpOnly, Writer writer) {
        this(keyword, httpOnly, Side.NONE, writer);
    }

    LogVariable(String keyword, boolean httpOnly, Side capture, Writer writer) {
        this.keyword = keyword;
        this.httpOnly = httpOnly;
        this.capture = capture;
        this.writer = writer;
    }

    /** The name after {@code %}. */
    String keyword() {
        return keyword;
    }

    /** HAProxy refuses it in a {@code mode tcp} proxy's format ("reserved for HTTP mode"). */
    boolean httpOnly() {
        return httpOnly;
    }

    /**
     * Whether the value written for {@code l} counts as something before a separator. The captured
     * headers write nothing when the stream has none (no capture line, a request refused as it was
     * read), and then, as in HAProxy, the spaces around them merge into one.
     */
    boolean wroteSomething(LoggedStream l) {
        return switch (capture) {
            case NONE -> true;
            case REQUEST -> l.stream().requestCaptures() != null;
            case RESPONSE -> l.stream().responseCaptures() != null;
        };
    }

    /** Writes the value for {@code l}; {@code logCount} is the frontend's lines so far ({@code %lc}). */
    void append(StringBuilder out, LoggedStream l, int options, long logCount) {
        writer.append(out, l, options, logCount);
    }

    private static long requestDate(LoggedStream l) {
        return l.stream().readyMillis() + l.stream().idleMillis();
    }

    private static boolean http(LoggedStream l) {
        return l.stream().frontend().config().mode() == ProxyMode.HTTP;
    }

    /** The variable named {@code name}, or null. */
    static LogVariable named(String name) {
        for (LogVariable v : values()) {
            if (v.keyword.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
