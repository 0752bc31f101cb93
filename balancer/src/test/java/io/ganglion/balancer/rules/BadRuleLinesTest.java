package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad rule lines are refused at {@code file:line} with the words {@code haproxy -c} prints for the
 * same line (HAProxy 2.6 run on each one), and a file with all of them reports every one at once
 * (HAProxy stops at some of them).
 */
class BadRuleLinesTest {
    @TempDir
    Path dir;

    private static final String HEAD = RuleConfigs.HTTP_DEFAULTS + """
            frontend f
                bind 127.0.0.1:18999
            """;

    private static final String TAIL = """
                default_backend b
            backend b
                server s 127.0.0.1:1
            """;

    private List<String> badLines() {
        return List.of(
                "acl a1 src_port gt abc",
                "acl a2 src notanip",
                "acl a3 nosuchfetch foo",
                "acl a4 path -m nosuch foo",
                "acl a5 src -f " + dir.resolve("missing.lst"),
                "acl a6 req.hdr(a,b) foo",
                "acl a7 req.hdr(a,1,2) foo",
                "acl a8 path,field(1) foo",
                "acl a9 req.hdr(host),lower,nosuch a",
                "acl a10 path -m",
                "acl a11",
                "acl a12 src -f " + dir.resolve("bad.lst"),
                "http-request set-header X %[nosuch]",
                "http-request set-header X %[path,nosuch]",
                "http-request set-header X %[req.hdr(a,b)]",
                "http-request set-header X %[src,map_ip(" + dir.resolve("badmap.lst") + ")]",
                "http-request set-header X %[src,map_ip(" + dir.resolve("nomap.lst") + ")]",
                "http-request add-header X %[path",
                "http-request set-header X",
                "http-request deny if nosuchacl",
                "http-request deny if { nosuchfetch x }",
                "http-request deny if {",
                "http-request deny deny_status 999",
                "http-request deny foo",
                "http-request redirect location",
                "http-request set-var(foo) path",
                "http-request set-var(txn.foo)",
                "http-response set-status abc",
                "http-request set-header X %[srv_name]",
                "http-request set-header X %[status]",
                "http-request set-header X %[res.hdr(a)]",
                "http-response set-header X %[path]",
                "http-request set-var(txn.x) srv_name",
                "http-request deny if { var(txn.p) /x }",
                "use_backend nob if TRUE");
    }

    @Test
    void eachBadLineIsRefusedWithHaproxysWords() throws Exception {
        HaproxyProcess.requireInstalled();
        Files.writeString(dir.resolve("bad.lst"), "# a comment, then a blank line\n\nnotanip\n");
        Files.writeString(dir.resolve("badmap.lst"), "10.0.0.0/8 ok\n  notanip X\n");
        for (String line : badLines()) {
            String config = HEAD + "    " + line + "\n" + TAIL;
            String theirs = haproxyCheck(config);
            List<Problem> ours = alerts(config);
            assertThat(ours).as(line).hasSize(1);
            assertThat(render(ours.get(0))).as(line).isEqualTo(theirs);
        }
    }

    @Test
    void everyProblemOfAFileAtOnce() throws Exception {
        Files.writeString(dir.resolve("bad.lst"), "# a comment, then a blank line\n\nnotanip\n");
        Files.writeString(dir.resolve("badmap.lst"), "10.0.0.0/8 ok\n  notanip X\n");
        StringBuilder config = new StringBuilder(HEAD);
        badLines().forEach(l -> config.append("    ").append(l).append('\n'));
        List<Problem> ours = alerts(config + TAIL);
        assertThat(ours).hasSize(badLines().size());
        assertThat(ours.stream().filter(p -> p.source() != null).map(p -> p.source().line()).toList())
                .isSorted().hasSize(badLines().size() - 1);
    }

    @Test
    void httpRulesInATcpProxyAreIgnoredWithHaproxysWarnings() throws Exception {
        HaproxyProcess.requireInstalled();
        String config = RuleConfigs.HTTP_DEFAULTS.replace("mode http", "mode tcp") + """
                frontend f
                    bind 127.0.0.1:18999
                    http-request deny if { path /x }
                    http-response set-header X y
                    tcp-request content reject if { src 1.2.3.4 }
                    default_backend b
                backend b
                    http-request deny
                    server s 127.0.0.1:1
                """;
        List<String> ours = ConfigParser.load("one.cfg", config, java.util.Map.of()).warnings().stream()
                .map(BadRuleLinesTest::render).toList();
        Files.writeString(dir.resolve("one.cfg"), config);
        Process p = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", "one.cfg").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        List<String> theirs = out.lines().filter(l -> l.startsWith("[WARNING]"))
                .map(l -> l.substring(l.indexOf(" : config : ") + 12)).toList();
        assertThat(ours).isEqualTo(theirs);
    }

    private static List<Problem> alerts(String config) {
        return ConfigCheckAlerts.ours(config);
    }

    private static String render(Problem p) {
        return ConfigCheckAlerts.text(p);
    }

    private String haproxyCheck(String config) throws Exception {
        return ConfigCheckAlerts.haproxys(dir, config);
    }
}
