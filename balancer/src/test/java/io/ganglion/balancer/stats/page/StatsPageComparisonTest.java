package io.ganglion.balancer.stats.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statistics page compared with HAProxy 2.6's on the same configuration and the same requests:
 * which requests reach it (URI prefix, method, frontend or backend, after the {@code http-request}
 * rules), its statuses and headers, the structure of the page (the proxies, their rows in order
 * with their state classes, the columns, the admin form), the {@code ;csv} export's rows, the
 * {@code ;up} and scope filters, the 401 of {@code stats auth}, and the admin form's redirects and
 * their effect on the servers. Versions, pids, uptimes and counters differ by nature and are not
 * compared.
 */
class StatsPageComparisonTest {
    @TempDir
    static Path dir;

    private static final Pattern ROW = Pattern.compile("<tr class=\"?([a-z_]+)\"?>(?:<td>[^\\n]*?</td>)?<td class=ac>"
            + "(?:<u>)?<a name=\"([^\"]+)\">");
    private static final Pattern COLUMN = Pattern.compile("<th(?: colspan=\\d)?>([A-Za-z ]+)</th>");
    private static final Pattern PROXY = Pattern.compile("<a class=px href=\"#([^\"]+)\">");

    private static final List<TestHttpBackend> webs = new ArrayList<>();
    private static SameConfigPair pair;
    private static final Map<String, int[]> ports = new TreeMap<>();
    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 4; i++) {
            webs.add(new TestHttpBackend("web" + i));
        }
        ports.put("haproxy", new int[] {Ports.free(), Ports.free()});
        ports.put("ganglion", new int[] {Ports.free(), Ports.free()});
        pair = SameConfigPair.start(dir, socket -> config(socket, ports.get(side(socket))));
    }

    private static String side(Path socket) {
        return socket.getFileName().toString().startsWith("haproxy") ? "haproxy" : "ganglion";
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        webs.forEach(TestHttpBackend::close);
    }

    private static String config(Path socket, int[] port) {
        return """
                global
                    stats socket %s level admin
                    nbthread 1
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:%d
                    option socket-stats
                    http-request deny if { path /st/denied }
                    stats enable
                    stats uri /st
                    stats refresh 5s
                    stats admin if { src 127.0.0.1 } { req.hdr(x-admin) yes }
                    use_backend be if { path_beg /bestats }
                    default_backend be
                backend be
                    stats uri /bestats
                    stats http-request deny if { path_beg /bestats/deny }
                    server web1 127.0.0.1:%d
                    server web2 127.0.0.1:%d
                    server gone 127.0.0.1:%d disabled
                    server spare 127.0.0.1:%d backup
                listen guarded
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /
                    stats realm Hello\\ World
                    stats auth admin:pw
                    stats show-legends
                    stats show-node edge-1
                    stats show-desc front door
                    stats scope .
                    stats scope be
                    server x 127.0.0.1:%d
                """.formatted(socket, port[0], webs.get(0).port(), webs.get(1).port(), webs.get(2).port(),
                webs.get(3).port(), port[1], webs.get(0).port());
    }

    /** One exchange on each side; {@code [haproxy, ganglion]}. */
    private static List<HttpResponse<String>> both(int which, String method, String path, String body,
            String... headers) throws IOException, InterruptedException {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String side : List.of("haproxy", "ganglion")) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(side)[which] + path))
                    .timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded");
            }
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            answers.add(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        }
        return answers;
    }

    /** The headers both sides send, by name, without the framing (HAProxy chunks the page, Ganglion sends its length). */
    private static Map<String, List<String>> headers(HttpResponse<String> r) {
        Map<String, List<String>> h = new TreeMap<>(r.headers().map());
        h.remove("content-length");
        h.remove("transfer-encoding");
        h.remove("date");
        return h;
    }

    private static List<String> all(Pattern p, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(group == 0 ? m.group(1) + " " + m.group(2) : m.group(group));
        }
        return found;
    }

    @Test
    void thePageHasHaproxysProxiesRowsStatesColumnsAndHeaders() throws Exception {
        List<HttpResponse<String>> r = both(0, "GET", "/st", null);
        assertThat(r.get(1).statusCode()).isEqualTo(r.get(0).statusCode()).isEqualTo(200);
        assertThat(headers(r.get(1))).isEqualTo(headers(r.get(0)));
        String theirs = r.get(0).body();
        String ours = r.get(1).body();
        assertThat(all(PROXY, ours, 1)).isEqualTo(all(PROXY, theirs, 1)).containsExactly("fe", "be", "guarded");
        assertThat(all(ROW, ours, 0)).isEqualTo(all(ROW, theirs, 0)).contains("backup_no_check be/spare",
                "socket fe/+sock-1", "frontend fe/Frontend", "backend be/Backend", "active_no_check guarded/x");
        assertThat(all(COLUMN, ours, 1)).isEqualTo(all(COLUMN, theirs, 1));
        // no admin form: the stats admin condition wants a header this request does not have
        assertThat(ours).doesNotContain("<select name=action>");
        assertThat(theirs).doesNotContain("<select name=action>");
    }

    @Test
    void theAdminFormIsShownWhenItsConditionHolds() throws Exception {
        List<HttpResponse<String>> r = both(0, "GET", "/st", null, "X-Admin", "yes");
        String theirs = r.get(0).body();
        String ours = r.get(1).body();
        assertThat(all(ROW, ours, 0)).isEqualTo(all(ROW, theirs, 0));
        Pattern form = Pattern.compile("<option value=\"([a-z]*)\">|name=\"b\" value=\"([^\"]+)\"|"
                + "<input class='([a-z-]+)' type=\"checkbox\" name=\"s\" value=\"([^\"]+)\">");
        assertThat(all(form, ours, 0)).isEqualTo(all(form, theirs, 0)).contains("drain null", "null #3");
    }

    @Test
    void exportsAndFiltersAsHaproxy() throws Exception {
        List<HttpResponse<String>> csv = both(0, "GET", "/st;csv;norefresh", null);
        assertThat(headers(csv.get(1))).isEqualTo(headers(csv.get(0)));
        assertThat(csv.get(1).body().lines().findFirst()).isEqualTo(csv.get(0).body().lines().findFirst());
        assertThat(names(csv.get(1).body())).isEqualTo(names(csv.get(0).body()));
        List<HttpResponse<String>> json = both(0, "GET", "/st;json", null);
        assertThat(headers(json.get(1))).isEqualTo(headers(json.get(0)));
        for (String path : List.of("/st;up;norefresh", "/st?scope=BE", "/st/anything;up")) {
            List<HttpResponse<String>> r = both(0, "GET", path, null);
            assertThat(headers(r.get(1))).as(path).isEqualTo(headers(r.get(0)));
            assertThat(all(ROW, r.get(1).body(), 0)).as(path).isEqualTo(all(ROW, r.get(0).body(), 0));
        }
        List<HttpResponse<String>> head = both(0, "HEAD", "/st", null);
        assertThat(headers(head.get(1))).isEqualTo(headers(head.get(0)));
        assertThat(head.get(1).body()).isEmpty();
    }

    /** {@code svname} of each CSV row, after {@code pxname}. */
    private static List<String> names(String csv) {
        return csv.lines().skip(1).filter(l -> !l.isEmpty()).map(l -> l.substring(0, l.indexOf(',', l.indexOf(',') + 1)))
                .toList();
    }

    @Test
    void whatReachesThePageIsWhatReachesHaproxys() throws Exception {
        // [method, path, status both must give]: the http-request rules first, a backend's page once
        // chosen, its own rules, prefix matching, methods other than GET/HEAD/POST going to a server
        String[][] cases = {
                {"GET", "/st/denied", "403"}, {"GET", "/bestats", "200"}, {"GET", "/bestats/deny", "403"},
                {"GET", "/ST", "200"}, {"PUT", "/st", "200"}, {"GET", "/stats-but-longer", "200"},
        };
        for (String[] c : cases) {
            List<HttpResponse<String>> r = both(0, c[0], c[1], null);
            assertThat(r.get(1).statusCode()).as(c[0] + " " + c[1]).isEqualTo(r.get(0).statusCode())
                    .isEqualTo(Integer.parseInt(c[2]));
            assertThat(r.get(1).headers().firstValue("content-type")).as(c[0] + " " + c[1])
                    .isEqualTo(r.get(0).headers().firstValue("content-type"));
        }
    }

    @Test
    void statsAuthAsksForTheRealmsCredentials() throws Exception {
        List<HttpResponse<String>> refused = both(1, "GET", "/", null);
        assertThat(refused.get(1).statusCode()).isEqualTo(refused.get(0).statusCode()).isEqualTo(401);
        assertThat(headers(refused.get(1))).isEqualTo(headers(refused.get(0)));
        assertThat(refused.get(1).headers().firstValue("www-authenticate")).hasValue("Basic realm=\"Hello World\"");
        assertThat(refused.get(1).body()).isEqualTo(refused.get(0).body());
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes());
        List<HttpResponse<String>> wrong = both(1, "GET", "/", null, "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:no".getBytes()));
        assertThat(wrong.get(1).statusCode()).isEqualTo(wrong.get(0).statusCode()).isEqualTo(401);
        List<HttpResponse<String>> page = both(1, "GET", "/", null, "Authorization", basic);
        assertThat(page.get(1).statusCode()).isEqualTo(page.get(0).statusCode()).isEqualTo(200);
        // stats scope: its own proxy (".") and be; show-node, show-desc in the report's title
        assertThat(all(ROW, page.get(1).body(), 0)).isEqualTo(all(ROW, page.get(0).body(), 0))
                .contains("active_no_check guarded/x").noneMatch(r -> r.contains(" fe/"));
        Pattern title = Pattern.compile("<h2>Statistics Report for pid \\d+(.*)</h2>");
        assertThat(all(title, page.get(1).body(), 1)).isEqualTo(all(title, page.get(0).body(), 1))
                .containsExactly(" on edge-1: front door");
        // not admin here: a POST is answered DENY and changes nothing
        List<HttpResponse<String>> post = both(1, "POST", "/", "s=x&action=maint&b=%234", "Authorization", basic);
        assertThat(post.get(1).headers().firstValue("location")).isEqualTo(post.get(0).headers().firstValue("location"))
                .hasValue("/;st=DENY");
        assertThat(adminStates("guarded")).containsExactly("0", "0");
    }

    @Test
    void theAdminFormsOutcomesAndEffectsAreHaproxys() throws Exception {
        String[] bodies = {
                "s=web1&action=drain&b=%233", "s=web2&s=nosuch&action=maint&b=%233", "s=nosuch&action=drain&b=%233",
                "s=web1&action=drain&b=%2399", "s=web1&action=bogus&b=%233", "s=web1&action=drain", "action=drain&b=%233",
                "s=web1&action=dagent&b=%233", "s=web1&action=dhlth&b=%233", "s=spare&action=shutdown&b=%233",
                "s=gone&action=ready&b=%233",
        };
        for (String body : bodies) {
            List<HttpResponse<String>> r = both(0, "POST", "/st", body, "X-Admin", "yes");
            assertThat(r.get(1).statusCode()).as(body).isEqualTo(r.get(0).statusCode()).isEqualTo(303);
            assertThat(headers(r.get(1))).as(body).isEqualTo(headers(r.get(0)));
        }
        assertThat(adminStates("be")).isEqualTo(List.of("8", "8", "1", "1", "0", "0", "0", "0"));
        // the status message the redirect leads to
        for (String st : List.of("DONE", "PART", "NONE", "DENY", "ERRP", "EXCD", "XXXX")) {
            List<HttpResponse<String>> r = both(0, "GET", "/st;st=" + st, null);
            assertThat(message(r.get(1).body())).as(st).isEqualTo(message(r.get(0).body())).isNotEmpty();
        }
        // without the admin condition, a POST is refused
        List<HttpResponse<String>> refused = both(0, "POST", "/st", "s=web1&action=ready&b=%233");
        assertThat(refused.get(1).headers().firstValue("location")).isEqualTo(refused.get(0).headers().firstValue("location"))
                .hasValue("/st;st=DENY");
    }

    /** The {@code ;st=} message: its state class and text. */
    private static String message(String page) {
        Matcher m = Pattern.compile("<p><div class=([a-z_]+)><a class=lfsb href=\"[^\"]*\" title=\"Remove this message\">"
                + "\\[X\\]</a> (.*?)</div>").matcher(page);
        return m.find() ? m.group(1) + " " + m.group(2) : "";
    }

    /**
     * {@code srv_admin_state} of each server of {@code backend}, HAProxy's then ours, server by
     * server; without HAProxy's bit 0x04 (in maintenance by the configuration), which HAProxy keeps
     * on a {@code disabled} server made ready and Ganglion's {@code show servers state} does not show.
     */
    private static List<String> adminStates(String backend) throws IOException {
        List<String> states = new ArrayList<>();
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            StatsSocket.send(socket, "show servers state " + backend).lines().skip(2).filter(l -> !l.isBlank())
                    .forEach(l -> states.add(l.split(" ")[6]));
        }
        List<String> interleaved = new ArrayList<>();
        int half = states.size() / 2;
        for (int i = 0; i < half; i++) {
            interleaved.add(states.get(i));
            interleaved.add(states.get(half + i));
        }
        return interleaved.stream().map(s -> Integer.toString(Integer.parseInt(s) & ~4)).toList();
    }
}
