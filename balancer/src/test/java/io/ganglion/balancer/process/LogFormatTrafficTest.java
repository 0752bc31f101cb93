package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.LogConfigs;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log-format} lines, compared with HAProxy 2.6.12's for the same configuration and traffic:
 * every variable of section 8.2.4 that exists without TLS, the {@code +Q}, {@code +X}, {@code +E},
 * {@code -M} flags and {@code %o}, {@code %%}, merged spaces, {@code %[sample]}, the capture
 * configuration's format (without its {@code map_ip} part), {@code option httplog clf}, header
 * captures (alone and in {@code option httplog}), {@code unique-id-format} with its header,
 * {@code option dontlognull}, in
 * {@code mode http} and {@code mode tcp}, for a request a server answers, one without a server, one
 * refused as it was read, and one longer than a log line.
 *
 * <p>What varies from run to run is written between {@code <} and {@code >} in the formats and
 * masked ({@code <BADREQ>} and {@code <NOSRV>} are values): ports, dates, the process id, the
 * connection counts (HAProxy uncounts a connection a moment after its client saw it end). The
 * byte counts of HTTP streams ({@code %B}, {@code %U}) are HAProxy's internal (HTX) sizes (55 for
 * the 63 bytes of this request, 217 for its 503 page). Timers keep their sign: {@code -1} for a
 * step not reached.
 */
class LogFormatTrafficTest {
    private static final String CONFIG = LogConfigs.LOGGING_HTTP_DEFAULTS + """
            frontend fe_vars
                bind 127.0.0.1:PORT_fe_vars
                log-format "A %ci|<%cp>|%fi|<%fp>|%bi|<%bp>|%si|<%sp>|%f|%ft|%b|%s|%ST|%B|%U|%CC|%CS|%ts|%tsc|<%ac>/%fc/%bc/%sc/%rc|%sq/%bq|%hr|%hs|%hrl|%hsl|%ID|%r|%HM|%HP|%HPO|%HQ|%HU|%HV|%{+Q}HU|%{+Q}ci|%{+X}ci|<%{+X}cp>|%{+Q}f|%{+Q}ft|%{+Q}b|%{+Q}s|%{-M}ID|%{+Q}ID|%{+Q}CC|%{+Q}hrl|%[src]|%{+Q}[fe_name]|%[dst]|%[srv_name]|%o|%%|%.x|%sslc|%sslv|%H|<%pid>"
                default_backend be_http
            frontend fe_dates
                bind 127.0.0.1:PORT_fe_dates
                log-format "E <%t>|<%T>|<%Tl>|<%tr>|<%trg>|<%trl>|<%Ts>|<%ms>|<%{+X}Ts>|<%{+X}ms> %Th <%Ti> <%TR> <%Tq> <%Tw> <%Tc> <%Tr> <%Ta> <%Tt> <%Td> <%Tu>"
                default_backend be_http
            frontend fe_flags
                bind 127.0.0.1:PORT_fe_flags
                log-format "B %{+Q,+E}r  %{+E}HU   %{+Q}o %ci %ID %f %{-Q}f %lc %{+X}lc %rt %{+X}rt %{+E}[be_name] %{-M}[be_name]  %{+M,-Q}CC   "
                default_backend be_http
            frontend fe_capture
                bind 127.0.0.1:PORT_fe_capture
                log-format "fe_capture %ci:<%cp> [<%tr>] %ft %b/%s %ST <%B> %{+Q}r"
                default_backend be_http
            frontend fe_clf
                bind 127.0.0.1:PORT_fe_clf
                option httplog clf
                default_backend be_http
            frontend fe_nosrv
                bind 127.0.0.1:PORT_fe_nosrv
                log-format "D %ST %s %b %tsc %B %U %r %HV %si %bi %Tw %Tc %Tr %sc %bc"
            frontend fe_long
                bind 127.0.0.1:PORT_fe_long
                log-format "L %{+Q}r"
            frontend fe_bad
                bind 127.0.0.1:PORT_fe_bad
                log-format "R %ST %s %b %tsc %B %U %r|%HM|%HU|%HV|%HP|%HQ %Tw %Tc %Tr"
                default_backend be_http
            frontend fe_captures
                bind 127.0.0.1:PORT_fe_captures
                capture request header Host len 3
                capture request header X-Empty len 0
                capture request header X-Enc len 40
                capture request header X-Absent len 5
                capture response header Content-Length len 5
                capture response header X-None len 3
                log-format "H %hr %hrl %hs %hsl %{+Q}hr %{+Q}hrl %{+Q}hs %{+Q}hsl %{+E}hr %{+E,+Q}hrl"
                default_backend be_http
            frontend fe_cap_httplog
                bind 127.0.0.1:PORT_fe_cap_httplog
                capture request header Host len 3
                capture response header Content-Length len 5
                option httplog
                default_backend be_http
            frontend fe_cap_nosrv
                bind 127.0.0.1:PORT_fe_cap_nosrv
                capture request header Host len 3
                capture response header Content-Length len 5
                log-format "J %hr %hrl %hs %hsl"
            frontend fe_cap_bad
                bind 127.0.0.1:PORT_fe_cap_bad
                capture request header Host len 3
                capture response header Content-Length len 5
                log-format "K %hr %hrl %hs %hsl end"
                default_backend be_http
            frontend fe_uid
                bind 127.0.0.1:PORT_fe_uid
                unique-id-format "%f:%b:%s:%ST:%HM:%[fe_name]"
                unique-id-header X-Unique-ID
                log-format "U %ID %{+Q}ID"
                default_backend be_http
            frontend tcp_null
                mode tcp
                bind 127.0.0.1:PORT_tcp_null
                option dontlognull
                log-format "N %U %ts"
                default_backend be_tcp
            frontend fe_redispatch
                bind 127.0.0.1:PORT_fe_redispatch
                log-format "P %s %rc %{+X}rc %tsc"
                default_backend be_redispatch
            backend be_redispatch
                retries 1
                option redispatch
                server dead 127.0.0.1:DEAD_PORT
                server s1 127.0.0.1:SERVER_PORT
            frontend fe_bytes
                bind 127.0.0.1:PORT_fe_bytes
                log-format "W %B %U"
                default_backend be_http
            frontend tcp_vars
                mode tcp
                bind 127.0.0.1:PORT_tcp_vars
                log-format " C %ci %ST %B %U %ts %tsc %s %b <%Tt> <%Tw> <%Tc> <%Td> %si|<%sp> %{+Q}[be_name] %ft <%[src_port]>"
                default_backend be_tcp
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_vars", "fe_dates", "fe_flags", "fe_capture", "fe_clf",
            "fe_nosrv", "fe_long", "fe_bad", "fe_captures", "fe_cap_httplog", "fe_cap_nosrv", "fe_cap_bad", "fe_uid", "tcp_null", "fe_redispatch", "fe_bytes",
            "tcp_vars");
    /** A request line with a query and a raw double quote, which HAProxy's URL encoding turns into #22. */
    private static final String REQUEST = "GET /a%22b/c?x=1&y=\"q\" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    /**
     * A request line longer than a log line may be (HAProxy's default {@code len 1024}, a byte kept
     * for its NUL), sent to a frontend without a backend: the test server need not take it.
     */
    private static final String LONG_URI = "/" + "x".repeat(3000);

    /** A request HAProxy and the balancer refuse (a header line without a colon): answered 400, logged {@code <BADREQ>}. */
    private static final String BAD_REQUEST = "GET /bad HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n";

    /**
     * Headers to capture: a value cut to its length, one captured with length 0, one with the
     * characters HAProxy encodes in captures ({@code {|}"#}, a tab, a byte above 127) and those
     * {@code +E} escapes, sent twice (the last one is captured), trailing blanks (not part of it).
     */
    private static final String CAPTURE_REQUEST = "GET /cap HTTP/1.1\r\nHost: abcdef\r\nX-Empty: zz\r\nX-Enc: first\r\n"
            + "X-Enc: a{b|c}d\"e#f\\g]h\tj\u00e9k   \r\nConnection: close\r\n\r\n";
    private static final String ENCODED = "a#7Bb#7Cc#7Dd#22e#23f\\g]h#09j#E9k";
    private static final String ESCAPED = "a#7Bb#7Cc#7Dd#22e#23f\\\\g\\]h#09j#E9k";

    /**
     * For {@code %U}: HAProxy counts the request in its internal form (start line parts + 20, names
     * and values, 1), without {@code Connection}'s {@code close} token, then the body's data, 1 for
     * a chunked body's end and its trailers' names and values: 103 here.
     */
    private static final String CHUNKED_REQUEST = "POST /p HTTP/1.1\r\nHost: x\r\nKeep-Alive: 1\r\n"
            + "Transfer-Encoding: chunked\r\nConnection: close, te\r\nTE: trailers\r\n\r\n3\r\nabc\r\n0\r\nT: v\r\n\r\n";

    /** The unique id of the request to {@code fe_uid}, and the header that the server got it in. */
    private static final String UNIQUE_ID = "fe_uid:be_http:<NOSRV>:-1:GET:fe_uid";

    /** Measured on HAProxy 2.6.12 with this configuration and traffic, masked; HOST is the host name. */
    private static final List<String> EXPECTED = List.of(
            "A 127.0.0.1|<>|127.0.0.1|<>|127.0.0.1|<>|127.0.0.1|<>|fe_vars|fe_vars|be_http|s1|200|51|55|-|-|--|----|<>/1/0/0/0"
                    + "|0/0|||||-|GET /a%22b/c?x=1&y=#22q#22 HTTP/1.1|GET|/a%22b/c|/a%22b/c|?x=1&y=#22q#22"
                    + "|/a%22b/c?x=1&y=#22q#22|HTTP/1.1|\"/a%22b/c?x=1&y=#22q#22\"|\"127.0.0.1\"|7F000001|<>|\"fe_vars\""
                    + "|\"fe_vars\"|\"be_http\"|\"s1\"||\"\"|\"\"||127.0.0.1|\"fe_vars\"|127.0.0.1|s1||%|.x|-|-|HOST|<>",
            "E <>|<>|<>|<>|<>|<>|<>|<>|<>|<> 0 <> <> <> <> <> <> <> <> <> <>",
            "B \"GET /a%22b/c?x=1&y=#22q#22 HTTP/1.1\" /a%22b/c?x=1&y=#22q#22 \"127.0.0.1\" \"\" \"fe_flags\" fe_flags 0 0000 2 0002 "
                    + "\"be_http\" \"be_http\" - ",
            "fe_capture 127.0.0.1:<> [<>] fe_capture be_http/s1 200 <> \"GET /a%22b/c?x=1&y=#22q#22 HTTP/1.1\"",
            "127.0.0.1 - - [DATE] \"GET /a%22b/c?x=1&y=#22q#22 HTTP/1.1\" 200 N \"\" \"\" N N \"fe_clf\" \"be_http\" \"s1\" "
                    + "N N N N N ---- N 1 0 0 0 0 0 \"\" \"\" ",
            "D 503 <NOSRV> fe_nosrv SC-- 217 55 GET /a%22b/c?x=1&y=#22q#22 HTTP/1.1 HTTP/1.1 - - -1 -1 -1 0 0",
            ("L \"GET " + LONG_URI).substring(0, 1023),
            "R 400 <NOSRV> fe_bad PR-- 0 0 <BADREQ>|<BADREQ>|<BADREQ>|<BADREQ>|<BADREQ>|<BADREQ> -1 -1 -1",
            "H {abc||" + ENCODED + "|} abc  " + ENCODED + " - {2|} 2 - \"{abc||" + ENCODED + "|}\" \"abc\" \"\" \"" + ENCODED
                    + "\" \"\" \"{2|}\" \"2\" \"\" {abc||" + ESCAPED + "|} \"abc\" \"\" \"" + ESCAPED + "\" \"\"",
            "127.0.0.1:<> [<>] fe_cap_httplog be_http/s1 <> 200 <> - - ---- <> 0/0 {abc} {2} \"GET /cap HTTP/1.1\"",
            // no server: the response headers are captured from nothing; a request refused as it was read: nothing captured
            "J {abc} abc {} -",
            "K end",
            // made once the request passed its rules, before a server was chosen
            "U " + UNIQUE_ID + " \"" + UNIQUE_ID + "\"",
            // option dontlognull: the connection that sent nothing logged nothing
            "N 63 --",
            // refused by the first server, sent to the other on the retry
            "P s1 +1 +1 ----",
            // a chunked body with a trailer, Connection tokens HAProxy drops and keeps
            "W 51 103",
            "C 127.0.0.1 0 40 63 -- ---- s1 be_tcp <> <> <> <> 127.0.0.1|<> \"be_tcp\" tcp_vars <>");

    @TempDir
    Path dir;

    @Test
    void linesAsHaproxy26WritesThem() throws Exception {
        List<String> mine;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            Path cfg = dir.resolve("balancer.cfg");
            Files.writeString(cfg, LogComparison.config(CONFIG.replace("DEAD_PORT", Integer.toString(Ports.free())), ports, server.port()));
            try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
                mine = logged(ports, p::stdout);
                assertUniqueIdSent(server, ports);
            }
        }
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(mine).isEqualTo(EXPECTED.stream().map(l -> l.replace("|HOST|", "|" + host + "|")).toList());
        HaproxyProcess.requireInstalled();
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        List<String> theirs;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, LogComparison.config(CONFIG.replace("DEAD_PORT", Integer.toString(Ports.free())), ports, server.port()))) {
                theirs = logged(ports, () -> Files.readString(haproxyDir.resolve("haproxy.log")));
                assertUniqueIdSent(server, ports);
            }
        }
        assertThat(mine).isEqualTo(theirs);
    }

    /** The request through {@code fe_uid} reached the server with its unique id in {@code unique-id-header}. */
    private static void assertUniqueIdSent(RecordingHttpServer server, Map<String, Integer> ports) throws IOException {
        assertThat(server.settle(ports.get("fe_uid")).stream().filter(r -> r.header("x-unique-id").size() == 1)
                .map(r -> r.header("x-unique-id").get(0)).toList()).containsExactly(UNIQUE_ID);
    }

    /** One request per frontend (one line each); the masked lines. */
    private static List<String> logged(Map<String, Integer> ports, LogComparison.Output output) throws IOException {
        return LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            if (frontend.equals("tcp_null")) { // a connection that sends nothing first
                new Socket("127.0.0.1", port).close();
            }
            RawHttp.exchange("127.0.0.1", port, switch (frontend) {
                case "fe_long" -> "GET " + LONG_URI + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
                case "fe_bad", "fe_cap_bad" -> BAD_REQUEST;
                case "fe_bytes" -> CHUNKED_REQUEST;
                case "fe_captures", "fe_cap_httplog", "fe_cap_nosrv" -> CAPTURE_REQUEST;
                default -> REQUEST;
            });
            return 1;
        }, output, LOG_LINE).stream().map(LogFormatTrafficTest::masked).toList();
    }

    private static final Pattern LOG_LINE = Pattern.compile("^([ABCDEHJKLNPRUW] |fe_capture |127\\.0\\.0\\.1 - - |127\\.0\\.0\\.1:).*");

    private static String masked(String line) {
        String s = line.replaceAll("<(?!BADREQ>|NOSRV>)[^>]*>", "<>");
        if (s.startsWith("127.0.0.1:")) { // option httplog: the client port, date, timers, bytes and connection counts
            return s.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^\\]]+\\]", "127.0.0.1:<> [<>]")
                    .replaceFirst(" \\d+/\\d+/\\d+/\\d+/\\d+ (\\d+) \\d+ ", " <> $1 <> ")
                    .replaceFirst(" ---- \\d+/\\d+/\\d+/\\d+/\\d+ ", " ---- <> ");
        }
        if (s.startsWith("127.0.0.1 - - ")) { // option httplog clf: the date, bytes, client port, milliseconds, timers, actconn
            s = s.replaceAll("\\[[^\\]]+\\]", "[DATE]");
            String[] w = s.split(" ", -1);
            for (int i : new int[] {8, 11, 12, 16, 17, 18, 19, 20, 22}) {
                w[i] = w[i].replaceAll("^\\d+$", "N");
            }
            s = String.join(" ", w);
        }
        return s;
    }
}
