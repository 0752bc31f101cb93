package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.pattern.PatternReference;
import io.ganglion.balancer.pattern.PatternReferences;
import io.ganglion.balancer.testing.CaptureLikeSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The captures' configuration loads with its rules, only the stick-table lines (the next issue's)
 * and what other packages still lack turned into comments: its whitelist ACL is reference #0 with
 * the file's two patterns and #1 the line's inline one, as in capture 193.
 */
class CaptureConfigRulesTest {
    @TempDir
    Path dir;

    @Test
    void theCapturedWhitelistIsReferenceZero() throws Exception {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/whitelist.lst"), "192.0.2.10\n198.51.100.0/24\n");
        String text = CaptureLikeSetup.captureConfig().lines()
                .map(l -> l.matches("\\s*(stick-table|http-request (track-sc0|sc-set-gpt0)|acl abuse|http-request deny if \\{ sc_"
                        + "|log-format|stats (enable|uri|refresh)).*") ? "#" + l : l)
                .map(l -> l.replaceFirst("^(\\s*bind \\S+) ssl .*$", "$1"))
                .reduce("", (a, b) -> a + b + "\n")
                .replace("/srv/golden/", dir + "/");
        BalancerConfig config = ConfigParser.parse("conf/haproxy.cfg", text);
        PatternReferences refs = RulesLoad.patterns(config.global());
        PatternReference whitelist = refs.find("#0");
        assertThat(whitelist.file()).isEqualTo(dir + "/conf/whitelist.lst");
        assertThat(whitelist.description()).isEqualTo("pattern loaded from file '" + dir
                + "/conf/whitelist.lst' used by acl at file 'conf/haproxy.cfg' line 31.");
        assertThat(whitelist.entries()).extracting(e -> e.key()).containsExactly("192.0.2.10", "198.51.100.0/24");
        assertThat(whitelist.entryCount()).isEqualTo(2);
        assertThat(refs.find("#1").description()).isEqualTo("acl 'src' file 'conf/haproxy.cfg' line 31.");
        assertThat(refs.of(PatternReference.Kind.ACL)).hasSize(4); // and HAProxy's two httpclient ones
    }
}
