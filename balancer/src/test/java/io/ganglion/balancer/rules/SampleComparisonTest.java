package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches and converters give what HAProxy 2.6 gives: each expression is rendered by an
 * {@code http-request return lf-string} on both, for the same request, and the bodies compared.
 */
class SampleComparisonTest {
    @TempDir
    Path dir;

    /** Expressions by the path that returns them. */
    private static final Map<String, String> EXPRESSIONS = Map.ofEntries(
            Map.entry("/l4", "%[src] %[src,ipmask(24)] %[dst] %[src_port,add(1),sub(1),length]"),
            Map.entry("/names", "%[fe_name] %[fe_id] %[nbsrv(b)] %[srv_is_up(b/s)] %[always_true] %[always_false]"),
            Map.entry("/req/x/y.html", "%[method] %[path] %[url] %[base] %[query] %[req.ver] %[url_param(a)] %[url_param(b)]"),
            Map.entry("/hdr", "%[req.hdr(x-list)] %[req.hdr(x-list,1)] %[req.hdr(x-list,-2)] %[req.fhdr(x-list)] "
                    + "%[req.hdr_cnt(x-list)] %[hdr(host)] %[req.cook(b)] %[cook(a)] %[req.hdr(nosuch)]"),
            Map.entry("/conv", "%[req.hdr(x-text),lower] %[req.hdr(x-text),upper] %[req.hdr(x-text),length] "
                    + "%[req.hdr(x-text),base64] %[req.hdr(x-text),bytes(2,3)] %[req.hdr(x-text),json]"),
            Map.entry("/fields", "%[path,field(2,/)] %[path,field(-1,/)] %[path,field(2,/,2)] %[path,word(1,/)] "
                    + "%[path,word(2,/,0)] %[path,regsub(/,_,g)] %[path,regsub(^/[a-z]+,X)] %[str(ab),regsub(B,c,i)]"),
            Map.entry("/maps", "%[src,map_ip(MAP,NONE)] %[req.hdr(host),map_str(HOSTS,nohost)] %[req.hdr(host),map_beg(HOSTS)] "
                    + "%[src,map_ip_int(INTS,0)] %[path,map_sub(HOSTS,none)] %[req.hdr(x-text),concat(-,txn.v,!)]"),
            Map.entry("/vars", "%[var(txn.v)] %[var(txn.nosuch)] %[var(txn.n),add(txn.n)] %[var(txn.n),sub(txn.n)] %[var(txn.i),add(3)] %[int(5),sub(9)] %[bool(1)]"));

    @Test
    void expressionsRenderAsInHaproxy() throws Exception {
        Path map = Files.writeString(dir.resolve("ip.map"), "127.0.0.0/8 LOOP\n127.0.0.1 ONE\n");
        Path hosts = Files.writeString(dir.resolve("hosts.map"), "example.org org\nexample example\n/fields fpath\n");
        Path ints = Files.writeString(dir.resolve("ints.map"), "127.0.0.0/8 42\n");
        int haproxyPort = Ports.free();
        int ourPort = Ports.free();
        try (SameConfigPair pair = SameConfigPair.start(dir, socket -> config(socket,
                socket.getFileName().toString().startsWith("haproxy") ? haproxyPort : ourPort, map, hosts, ints))) {
            List<String> theirs = new ArrayList<>();
            List<String> ours = new ArrayList<>();
            for (String path : EXPRESSIONS.keySet().stream().sorted().toList()) {
                String request = "GET " + path + "?a=1&b&c=3 HTTP/1.1\r\nHost: example.org\r\nX-List: a, b ,c\r\n"
                        + "X-List: d\r\nCookie: a=1; b=2\r\nCookie: b=3\r\nX-Text: MiXed \"Text\"/é\r\nConnection: close\r\n\r\n";
                theirs.add(path + " => " + RawHttp.exchange("127.0.0.1", haproxyPort, request));
                ours.add(path + " => " + RawHttp.exchange("127.0.0.1", ourPort, request));
            }
            for (int i = 0; i < theirs.size(); i++) {
                assertThat(ours.get(i)).isEqualTo(theirs.get(i));
            }
        }
    }

    private static String config(Path socket, int port, Path map, Path hosts, Path ints) {
        StringBuilder rules = new StringBuilder();
        EXPRESSIONS.forEach((path, expr) -> rules.append("    http-request return status 200 content-type text/plain lf-string \"")
                .append(expr.replace("MAP", map.toString()).replace("HOSTS", hosts.toString()).replace("INTS", ints.toString())
                        .replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\" if { path ").append(path).append(" }\n"));
        return RuleConfigs.withSocket(socket) + """
                frontend f
                    bind 127.0.0.1:%d
                    http-request set-var(txn.v) str(val)
                    http-request set-var(txn.i) int(7)
                    http-request set-var(txn.n) int(21)
                """.formatted(port) + rules + """
                    default_backend b
                backend b
                    server s 127.0.0.1:%d
                """.formatted(Ports.free());
    }
}
