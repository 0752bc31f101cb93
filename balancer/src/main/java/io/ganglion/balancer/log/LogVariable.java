package io.ganglion.balancer.log;

import io.ganglion.balancer.config.ProxyMode;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.stream.LoggedStream;
import io.ganglion.balancer.proxy.stream.Stream;
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
 * <p>Timers in milliseconds, as HAProxy derives them: {@code %Th} (handshake) and {@code %Ti} (idle
 * before the request) are 0, so {@code %TR} and {@code %Tq} are the time to read the request head
 * (0: the stream starts once the head is read), {@code %Ta} = {@code %Tt}.
 */
enum LogVariable {
    B("B", false) { // bytes sent to the client
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().bytesOut());
        }
    },
    CC("CC", true) { // captured request cookie: no cookie capture here
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.text(out, null, options);
        }
    },
    CS("CS", true) { // captured response cookie
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.text(out, null, options);
        }
    },
    H("H", false) { // host name
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.text(out, HOSTNAME, options);
        }
    },
    ID("ID", false) { // unique id: no unique-id-format here, so always absent
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.text(out, null, options);
        }
    },
    ST("ST", false) { // status: -1 for an HTTP stream without one, 0 in mode tcp
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            int status = l.stream().status();
            out.append(status == 0 && http(l) ? -1 : status);
        }
    },
    T("T", false) { // accept date, GMT
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogDates.gmt(out, l.stream().acceptMillis());
        }
    },
    TA("Ta", true) { // active time: Tt - Th - Ti
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().activeMillis());
        }
    },
    TC("Tc", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().connectMillis());
        }
    },
    TH("Th", false) { // handshake: nothing to shake hands over without TLS
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(0);
        }
    },
    TI("Ti", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(0);
        }
    },
    TL("Tl", false) { // accept date, local, with the offset
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogDates.localWithOffset(out, l.stream().acceptMillis());
        }
    },
    TQ("Tq", true) { // Th + Ti + TR
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(0);
        }
    },
    TR_RESPONSE("Tr", true) { // server response time
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().responseMillis());
        }
    },
    TR_REQUEST("TR", true) { // time to read the request head
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(0);
        }
    },
    TD("Td", false) { // data transfer: Tt - (Tq + Tw + Tc + Tr)
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            Stream s = l.stream();
            if (http(l)) {
                out.append(s.responseMillis() >= 0 ? s.activeMillis() - s.responseMillis() : -1);
            } else {
                out.append(s.connectMillis() >= 0 ? s.activeMillis() - Math.max(0, s.queueMillis()) - s.connectMillis() : -1);
            }
        }
    },
    TS("Ts", false) { // accept date, seconds since the epoch
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.number(out, l.stream().acceptMillis() / 1000, options, 4);
        }
    },
    TT("Tt", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().activeMillis());
        }
    },
    TU("Tu", false) { // Tt - Ti
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().activeMillis());
        }
    },
    TW("Tw", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().queueMillis());
        }
    },
    U("U", false) { // bytes from the client
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().bytesIn());
        }
    },
    AC("ac", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.activeConnections());
        }
    },
    BACKEND("b", false) { // the backend, or the frontend when none was chosen (HAProxy's stream starts on it)
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            Backend b = l.stream().backend();
            LogText.text(out, b == null ? l.stream().frontend().name() : b.name(), options);
        }
    },
    BC("bc", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            Backend b = l.stream().backend();
            out.append(b == null ? 0 : b.counters().current());
        }
    },
    BI("bi", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.ip(out, l.serverSourceAddress(), options);
        }
    },
    BP("bp", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.port(out, l.serverSourceAddress(), options);
        }
    },
    BQ("bq", false) { // position in the backend's queue when the stream left it
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(0);
        }
    },
    CI("ci", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.ip(out, l.stream().client(), options);
        }
    },
    CP("cp", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.port(out, l.stream().client(), options);
        }
    },
    F("f", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.text(out, l.stream().frontend().name(), options);
        }
    },
    FC("fc", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.frontendConnections());
        }
    },
    FI("fi", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.ip(out, l.frontendAddress(), options);
        }
    },
    FP("fp", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.port(out, l.frontendAddress(), options);
        }
    },
    FT("ft", false) { // the frontend and its transport: a '~' after it would mean TLS
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            boolean quote = (options & LogOptions.QUOTE) != 0;
            if (quote) {
                out.append('"');
            }
            out.append(l.stream().frontend().name());
            if (quote) {
                out.append('"');
            }
        }
    },
    HR("hr", false, true), // captured request headers: no capture here
    HRL("hrl", false, true),
    HS("hs", false, true),
    HSL("hsl", false, true),
    HM("HM", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            RequestLine.method(out, l.requestLine(), options);
        }
    },
    HP("HP", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            RequestLine.path(out, l.requestLine(), options, false);
        }
    },
    HPO("HPO", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            RequestLine.path(out, l.requestLine(), options, true);
        }
    },
    HQ("HQ", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            RequestLine.query(out, l.requestLine(), options);
        }
    },
    HU("HU", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            RequestLine.uri(out, l.requestLine(), options);
        }
    },
    HV("HV", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            RequestLine.version(out, l.requestLine(), options);
        }
    },
    LC("lc", false) { // lines this frontend logged before this one
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.number(out, logCount, options, 4);
        }
    },
    MS("ms", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            if ((options & LogOptions.HEXA) != 0) {
                LogText.hex(out, Math.floorMod(l.stream().acceptMillis(), 1000L), 2);
            } else {
                LogDates.milliseconds(out, l.stream().acceptMillis());
            }
        }
    },
    PID("pid", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.number(out, PROCESS_ID, options, 4);
        }
    },
    R("r", true) { // the request line
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            RequestLine.whole(out, l.requestLine(), options);
        }
    },
    RC("rc", false) { // connection retries
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().retries());
        }
    },
    RT("rt", false) { // the stream's rank (HAProxy's uniq_id)
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.number(out, l.stream().rank(), options, 4);
        }
    },
    S("s", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            Server s = l.stream().server();
            LogText.text(out, s == null ? "<NOSRV>" : s.name(), options);
        }
    },
    SC("sc", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            Server s = l.stream().server();
            out.append(s == null ? 0 : s.counters().current());
        }
    },
    SI("si", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.ip(out, l.serverAddress(), options);
        }
    },
    SP("sp", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.port(out, l.serverAddress(), options);
        }
    },
    SQ("sq", false) { // position in the server's queue when the stream left it
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(0);
        }
    },
    SSLC("sslc", false) { // the client's TLS cipher: none without TLS, as HAProxy logs a plain connection
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.text(out, null, options);
        }
    },
    SSLV("sslv", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogText.text(out, null, options);
        }
    },
    DATE("t", false) { // accept date, local, with milliseconds
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogDates.local(out, l.stream().acceptMillis());
        }
    },
    // The stream starts when the request head is read: its start is the request's date.
    REQUEST_DATE("tr", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogDates.local(out, l.stream().acceptMillis());
        }
    },
    REQUEST_DATE_GMT("trg", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogDates.gmt(out, l.stream().acceptMillis());
        }
    },
    REQUEST_DATE_LOCAL("trl", true) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            LogDates.localWithOffset(out, l.stream().acceptMillis());
        }
    },
    TERMINATION("ts", false) {
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().termination(), 0, 2);
        }
    },
    TERMINATION_COOKIES("tsc", false) { // with the cookie flags, '-' without cookies
        @Override
        void append(StringBuilder out, LoggedStream l, int options, long logCount) {
            out.append(l.stream().termination());
        }
    };

    private static final long PROCESS_ID = ProcessHandle.current().pid();
    /** HAProxy's {@code hostname}: the system's host name ({@code gethostname}). */
    private static final String HOSTNAME = hostname();

    private final String keyword;
    private final boolean httpOnly;
    private final boolean capture;

    LogVariable(String keyword, boolean httpOnly) {
        this(keyword, httpOnly, false);
    }

    LogVariable(String keyword, boolean httpOnly, boolean capture) {
        this.keyword = keyword;
        this.httpOnly = httpOnly;
        this.capture = capture;
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
     * Whether the value written counts as something before a separator. The captured header lists
     * write nothing without captures, and then, as in HAProxy, the spaces around them merge into one.
     */
    boolean wroteSomething() {
        return !capture;
    }

    /** Writes the value; the captured header lists write nothing (no {@code capture} keyword here). */
    void append(StringBuilder out, LoggedStream l, int options, long logCount) {
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

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
