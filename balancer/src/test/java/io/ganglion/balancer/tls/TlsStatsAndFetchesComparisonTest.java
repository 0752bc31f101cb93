package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.OpensslClient;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.ganglion.balancer.testing.TestPki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS counters and fetches after the same handshakes on HAProxy 2.6 and on the balancer, same
 * configuration: full and resumed handshakes (TLS 1.2 and 1.3), a client speaking plain HTTP to the
 * TLS port, a client that connects and leaves; then {@code show stat}'s ssl module counters, bytes
 * and sessions, {@code show info}'s TLS connection counts, what the {@code ssl_fc*} fetches give
 * a request, and bytes: HAProxy counts a request's and a response's bytes over TLS as it counts
 * them in clear. Skipped without HAProxy.
 */
class TlsStatsAndFetchesComparisonTest {
    private static final Pattern FACTS = Pattern.compile("(?m)^fc=.*$");
    /** The request openssl's client sends ({@link OpensslClient}), sent in clear to fe_plain. */
    private static final String REQUEST = "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @TempDir
    Path dir;

    private final int haproxyPort = Ports.free();
    private final int ourPort = Ports.free();
    private final int haproxyPlainPort = Ports.free();
    private final int ourPlainPort = Ports.free();

    private String config(Path socket, Path keys, int backendPort) {
        TestPki pki = TestPki.shared();
        boolean haproxy = socket.getFileName().toString().startsWith("haproxy");
        int port = haproxy ? haproxyPort : ourPort;
        int plain = haproxy ? haproxyPlainPort : ourPlainPort;
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 2s
                    timeout server 5s
                frontend fe_tls
                    bind 127.0.0.1:%d ssl crt %s crt %s tls-ticket-keys %s
                    http-request return status 200 content-type text/plain lf-string "fc=%%[ssl_fc] sni=%%[ssl_fc_sni] proto=%%[ssl_fc_protocol] reused=%%[ssl_fc_is_resumed] c_used=%%[ssl_c_used] alpn=%%[ssl_fc_alpn]" if { path /facts }
                    default_backend be
                frontend fe_plain
                    bind 127.0.0.1:%d
                    http-request return status 200 content-type text/plain lf-string "fc=%%[ssl_fc] sni=%%[ssl_fc_sni] proto=%%[ssl_fc_protocol] reused=%%[ssl_fc_is_resumed] c_used=%%[ssl_c_used] alpn=%%[ssl_fc_alpn]" if { path /facts }
                    default_backend be
                backend be
                    server web1 127.0.0.1:%d
                """.formatted(socket, port, pki.path("server.pem"), pki.path("rsa.pem"), keys, plain, backendPort);
    }

    @Test
    void countsAndFetchesAsHaproxy() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and is the client");
        Path keys = dir.resolve("keys");
        Files.copy(Path.of(TestPki.shared().path("ticket-keys")), keys);
        try (TestHttpBackend web = new TestHttpBackend("web1");
                SameConfigPair pair = SameConfigPair.start(dir, s -> config(s, keys, web.port()))) {
            Map<String, String> theirs = traffic(haproxyPort, haproxyPlainPort, pair.haproxySocket(), "h");
            Map<String, String> ours = traffic(ourPort, ourPlainPort, pair.ourSocket(), "o");
            assertThat(ours).isEqualTo(theirs);
        }
    }

    /** The same handshakes and requests on one side, then what its socket and fetches say. */
    private Map<String, String> traffic(int port, int plainPort, Path socket, String side) throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        Path session = dir.resolve(side + ".sess");
        seen.put("full 1.2", OpensslClient.request(port, "-tls1_2", null, session).session());
        seen.put("resumed 1.2", OpensslClient.request(port, "-tls1_2", session, null).session());
        seen.put("full 1.3", OpensslClient.request(port, "-tls1_3", null, null).session());
        seen.put("facts 1.2 resumed", facts(OpensslClient.request(port, "-tls1_2", session, null, "/facts").output()));
        seen.put("facts 1.3", facts(OpensslClient.request(port, "-tls1_3", null, null, "/facts").output()));
        seen.put("plain http to the TLS port", plainHttp(port));
        seen.put("facts in clear", facts(RawHttp.exchange("127.0.0.1", plainPort, REQUEST.formatted("/facts"))));
        for (String path : List.of("/", "/", "/", "/facts")) {
            RawHttp.exchange("127.0.0.1", plainPort, REQUEST.formatted(path));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            // connects and leaves without a byte
        }
        // every connection closed on both sides before the counters are read
        await().atMost(Duration.ofSeconds(10)).until(() -> StatsSocket.showInfo(socket).get("CurrSslConns").equals("0"));
        Map<String, String> info = StatsSocket.showInfo(socket);
        for (String f : List.of("CurrSslConns", "CumSslConns")) {
            seen.put("info " + f, info.get(f));
        }
        Map<String, String> row = frontendRow(socket, "fe_tls");
        for (String c : List.of("ssl_sess", "ssl_reused_sess", "ssl_failed_handshake", "stot", "conn_tot", "req_tot")) {
            seen.put("stat " + c, row.get(c));
        }
        // the bytes of the same five requests and answers count the same over TLS as in clear
        Map<String, String> plain = frontendRow(socket, "fe_plain");
        seen.put("bin, bout over TLS minus in clear", (Long.parseLong(row.get("bin")) - Long.parseLong(plain.get("bin")))
                + ", " + (Long.parseLong(row.get("bout")) - Long.parseLong(plain.get("bout"))));
        // after the counts: ssl_fc_sni is the name as the client wrote it (HAProxy 2.6.12: not lower-cased)
        seen.put("facts 1.3, a name in capitals", facts(OpensslClient.request(port,
                List.of("-tls1_3", "-servername", "LocalHost.Test"), "/facts").output()));
        return seen;
    }

    private static String facts(String output) {
        Matcher m = FACTS.matcher(output);
        return m.find() ? m.group() : "none in: " + output;
    }

    /** What a client sending a plain HTTP request to the TLS port gets back before the close. */
    private static String plainHttp(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] got = in.readAllBytes();
            // a TLS alert record (21), or nothing
            return got.length == 0 ? "closed" : "record type " + got[0] + ", closed";
        }
    }

    private static Map<String, String> frontendRow(Path socket, String frontend) throws Exception {
        String[] lines = StatsSocket.send(socket, "show stat").split("\n");
        List<String> names = Arrays.asList(lines[0].substring(2).split(",", -1));
        for (String line : lines) {
            if (line.startsWith(frontend + ",FRONTEND,")) {
                String[] values = line.split(",", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < names.size() && i < values.length; i++) {
                    row.put(names.get(i), values[i]);
                }
                return row;
            }
        }
        throw new AssertionError("no " + frontend + " row");
    }
}
