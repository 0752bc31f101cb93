package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule language in traffic, compared with HAProxy 2.6 itself: the same configuration (an ACL
 * file whitelist, a map, allow / deny / return / redirect, header and path rewrites, use_backend by
 * path, by header and by a sample) runs on both, the same requests go through one keep-alive
 * connection to each, and what the client gets (local answers byte for byte; forwarded answers'
 * status, body and rule-set headers) and what the servers receive must be the same.
 */
class RuleSemanticsComparisonTest {
    @TempDir
    static Path dir;

    private static TestHttpBackend app;
    private static TestHttpBackend api;
    private static SameConfigPair pair;
    private static int haproxyPort;
    private static int ourPort;

    /** The headers a server's view is compared on (the rules set or remove them). */
    private static final List<String> SERVER_HEADERS = List.of("x-country", "x-added", "x-after-allow", "x-allowed",
            "x-be", "x-secret", "x-repl", "x-var", "x-forwarded-for");

    @BeforeAll
    static void start() throws Exception {
        app = new TestHttpBackend("app");
        api = new TestHttpBackend("api");
        Path whitelist = Files.writeString(dir.resolve("whitelist.lst"), "# allowed\n127.0.0.7\n192.0.2.0/24\n");
        Path countries = Files.writeString(dir.resolve("ip-country.lst"), "127.0.0.0/8 LOOPBACK\n10.0.0.0/8 TEN\n");
        haproxyPort = Ports.free();
        ourPort = Ports.free();
        pair = SameConfigPair.start(dir, socket -> config(socket, socket.getFileName().toString().startsWith("haproxy")
                ? haproxyPort : ourPort, whitelist, countries));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        if (app != null) {
            app.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static String config(Path socket, int port, Path whitelist, Path countries) {
        return """
                global
                    stats socket %s level admin
                    nbthread 1
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend fe_main
                    bind 127.0.0.1:%d
                    acl whitelist src -f %s
                    acl is_api path_beg /api
                    acl to_b hdr(x-to) -i b
                    acl to_b hdr(x-to) -i bee
                    http-request deny if { path /deny }
                    http-request deny deny_status 429 if { path /slowdown }
                    http-request return status 200 content-type text/plain string hello if { path /ret }
                    http-request return status 404 if { path /ret404 }
                    http-request return status 200 content-type text/plain lf-string "at %%[path] from %%[src]" if { path /lf }
                    http-request redirect location /new code 301 if { path /redir }
                    http-request redirect prefix /pfx if { path_beg /old }
                    http-request redirect scheme https if { path /secure }
                    http-request set-var(txn.who) req.hdr(x-who),lower
                    http-request set-header X-Var %%[var(txn.who)] if { var(txn.who) -m found }
                    http-request set-header X-Country %%[src,map_ip(%s,UNKNOWN)]
                    http-request add-header X-Added two
                    http-request del-header X-Secret
                    http-request replace-header X-Repl ^(.*)-old$ \\1-new
                    http-request set-path /rewritten if { path /setpath }
                    http-request set-query a=1 if { path /setquery }
                    http-request set-header X-Allowed yes if whitelist
                    http-request allow if whitelist
                    http-request deny if { path_end .php } || { url_param(debug) -m found } !whitelist
                    http-request set-header X-After-Allow yes
                    http-response set-header X-Resp %%[status]
                    use_backend be_api if is_api || to_b
                    use_backend %%[req.hdr(x-backend),lower] if { req.hdr(x-backend) -m found }
                    default_backend be_app
                backend be_app
                    server s1 127.0.0.1:%d
                backend be_api
                    http-request set-header X-Be api
                    server s2 127.0.0.1:%d
                """.formatted(socket, port, whitelist, countries, app.port(), api.port());
    }

    /** What one request gave: the client's answer and, when forwarded, what the server read. */
    private record Outcome(String answer, String server, String requestLine, Map<String, String> headers) {
    }

    private static final List<String> REQUESTS = List.of(
            "GET / HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /api/users HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: t\r\nX-To: B\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: t\r\nX-To: beE\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: t\r\nX-Backend: BE_API\r\n\r\n",
            "GET /x HTTP/1.1\r\nHost: t\r\nX-Backend: nosuch\r\n\r\n",
            "GET /deny HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /slowdown HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /ret HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /ret404 HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /lf HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /redir HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /old/a?b=1 HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /secure?z HTTP/1.1\r\nHost: example.org\r\n\r\n",
            "GET /setpath?q=1 HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /setquery?q=1 HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /index.php HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /a?debug=1 HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: t\r\nX-Who: ALICE\r\nX-Secret: s\r\nX-Repl: v-old\r\n\r\n");

    @Test
    void oneKeepAliveConnectionAnswersAsHaproxy() throws Exception {
        List<Outcome> theirs = run(haproxyPort, "127.0.0.1", REQUESTS);
        List<Outcome> ours = run(ourPort, "127.0.0.1", REQUESTS);
        for (int i = 0; i < REQUESTS.size(); i++) {
            assertThat(ours.get(i)).as("request %d: %s", i, REQUESTS.get(i).split("\r\n")[0]).isEqualTo(theirs.get(i));
        }
    }

    @Test
    void aWhitelistedClientIsAllowedPastTheLaterRules() throws Exception {
        List<String> requests = List.of("GET /index.php HTTP/1.1\r\nHost: t\r\n\r\n", "GET /deny HTTP/1.1\r\nHost: t\r\n\r\n");
        List<Outcome> theirs = run(haproxyPort, "127.0.0.7", requests);
        List<Outcome> ours = run(ourPort, "127.0.0.7", requests);
        assertThat(ours).isEqualTo(theirs);
        assertThat(ours.get(0).headers()).containsEntry("x-allowed", "yes").doesNotContainKey("x-after-allow");
    }

    private static List<Outcome> run(int port, String from, List<String> requests) throws IOException {
        List<Outcome> out = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            for (String request : requests) {
                int appBefore = app.requests();
                int apiBefore = api.requests();
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                String answer = RawHttp.readResponse(s.getInputStream());
                TestHttpBackend server = app.requests() > appBefore ? app : api.requests() > apiBefore ? api : null;
                out.add(server == null ? new Outcome(answer, null, null, Map.of())
                        : new Outcome(forwarded(answer), server.name(), server.lastRequestLine(), seen(server.lastHeaders())));
            }
        }
        return out;
    }

    /** A forwarded answer's status line, the header the response rules set, and the body. */
    private static String forwarded(String answer) {
        String[] lines = answer.split("\r\n");
        String resp = "";
        for (String l : lines) {
            if (l.toLowerCase(Locale.ROOT).startsWith("x-resp:")) {
                resp = l.toLowerCase(Locale.ROOT);
            }
        }
        return lines[0] + " | " + resp + " | " + answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    private static Map<String, String> seen(Map<String, String> headers) {
        Map<String, String> kept = new TreeMap<>();
        headers.forEach((k, v) -> {
            if (SERVER_HEADERS.contains(k)) {
                kept.put(k, v);
            }
        });
        return kept;
    }
}
