package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.pattern.PatternReference;
import io.ganglion.balancer.pattern.PatternReferences;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pattern references are numbered, described and counted as HAProxy 2.6 does for the same
 * configuration: files shared by their users (each named in the description), one reference per ACL
 * line, maps of {@code http-request} and ACL lines where they are read, maps of
 * {@code use_backend %[...]} after HAProxy's two internal references. Compared with the listing of a
 * live HAProxy's {@code show acl} and {@code show map}.
 */
class ReferenceNumberingComparisonTest {
    @TempDir
    Path dir;

    @Test
    void sameNumbersDescriptionsAndCountsAsHaproxy() throws Exception {
        HaproxyProcess.requireInstalled();
        Path wl = Files.writeString(dir.resolve("wl.lst"), "1.2.3.4\n10.0.0.0/8\n");
        Path other = Files.writeString(dir.resolve("other.lst"), "");
        Path map = Files.writeString(dir.resolve("m.lst"), "10.0.0.0/8 TEN\n");
        Path late = Files.writeString(dir.resolve("late.lst"), "a.example be\n");
        Path socket = dir.resolve("admin.sock");
        String config = RuleConfigs.withSocket(socket) + """
                frontend f
                    bind 127.0.0.1:%d
                    acl a src -f %s
                    acl a2 src -f %s -f %s
                    acl a3 hdr(x) -f %s
                    http-request set-header X-C %%[src,map_ip(%s,NONE)]
                    acl a4 src,map_ip(%s) -m found
                    acl b path_beg /x /y
                    acl n src_port gt 10 lt 3
                    http-request deny if a a2 a3 a4 b n { path /deny } || METH_POST
                    use_backend %%[req.hdr(host),lower,map_str(%s,b)]
                    default_backend b
                backend b
                    http-request set-header X-D %%[src,map_str(%s,NONE)]
                    server s 127.0.0.1:%d
                """.formatted(Ports.free(), wl, wl, other, wl, map, map, late, map, Ports.free());
        String theirs;
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, config)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(socket));
            theirs = StatsSocket.send(socket, "show acl") + StatsSocket.send(socket, "show map")
                    + StatsSocket.send(socket, "show acl #7");
        }
        BalancerConfig ours = ConfigParser.parse("haproxy.cfg", config);
        PatternReferences refs = RulesLoad.patterns(ours.global());
        String listed = list(refs, PatternReference.Kind.ACL) + list(refs, PatternReference.Kind.MAP)
                + refs.find("#7").entries().stream().map(e -> "0x0 " + e.key() + "\n").collect(Collectors.joining()) + "\n";
        assertThat(listed).isEqualTo(theirs.replaceAll("0x[0-9a-f]+ ", "0x0 ").replace(dir + "/", "")
                .replace("file '" + dir.resolve("haproxy.cfg") + "'", "file 'haproxy.cfg'"));
    }

    /** The references as HAProxy's {@code show acl} / {@code show map} list them (the socket commands are another package's). */
    private String list(PatternReferences refs, PatternReference.Kind kind) {
        StringBuilder sb = new StringBuilder("# id (file) description\n");
        for (PatternReference r : refs.of(kind)) {
            sb.append(r.number()).append(" (").append(r.file() == null ? "" : r.file()).append(") ").append(r.description())
                    .append(" curr_ver=").append(r.currentVersion()).append(" next_ver=").append(r.nextVersion())
                    .append(" entry_cnt=").append(Long.toUnsignedString(r.entryCount())).append('\n');
        }
        return sb.append('\n').toString().replace(dir + "/", "");
    }

}
