package io.ganglion.balancer.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** HAProxy's process-tuning keywords load with a warning each; a keyword HAProxy does not know stays an error. */
class IgnoredGlobalKeywordsTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    /** Documented in HAProxy 2.6's manual, but compiled out of Debian's build (no QUIC, engines, zlib, memory profiling). */
    private static final Set<String> NOT_IN_DEBIAN_BUILD = Set.of("ssl-engine", "profiling.memory",
            "tune.zlib.memlevel", "tune.zlib.windowsize",
            "tune.quic.frontend.conn-tx-buffers.limit", "tune.quic.frontend.max-idle-timeout",
            "tune.quic.frontend.max-streams-bidi", "tune.quic.retry-threshold");

    @Test
    void anExistingHaproxyGlobalSectionLoadsWithOneWarningPerIgnoredKeyword() throws Exception {
        LoadedConfig loaded = ConfigParser.load("stock.cfg", """
                global
                    log stdout format raw local0
                    chroot /var/lib/haproxy
                    user haproxy
                    group haproxy
                    daemon
                    maxconn 2000
                    tune.ssl.default-dh-param 2048
                    tune.idle-pool.shared on
                    tune.bufsize 32768
                    tune.bufsize 65536
                    nosplice
                """, Map.of());
        assertThat(loaded.config().global().maxconn()).isEqualTo(2000);
        assertThat(loaded.warnings()).extracting(w -> w.render(7)).containsExactly(
                "[WARNING]  (7) : config : parsing [stock.cfg:3] : 'chroot' has no effect in Ganglion (the supervisor that starts it manages its process), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:4] : 'user' has no effect in Ganglion (the supervisor that starts it manages its process), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:5] : 'group' has no effect in Ganglion (the supervisor that starts it manages its process), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:6] : 'daemon' has no effect in Ganglion (the supervisor that starts it manages its process), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:8] : 'tune.ssl.default-dh-param' has no effect in Ganglion (HAProxy process tuning), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:9] : 'tune.idle-pool.shared' has no effect in Ganglion (HAProxy process tuning), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:10] : 'tune.bufsize' has no effect in Ganglion (HAProxy process tuning), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:11] : 'tune.bufsize' has no effect in Ganglion (HAProxy process tuning), ignored.",
                "[WARNING]  (7) : config : parsing [stock.cfg:12] : 'nosplice' has no effect in Ganglion (HAProxy process tuning), ignored.");
    }

    @Test
    void aKeywordHaproxyDoesNotKnowStaysAnError() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.load("bad.cfg", """
                global
                    tune.bogus 1
                    tune.stick-counters 4
                    tune.idle-pool.shared on
                """, Map.of()));
        assertThat(e.alerts()).extracting(p -> p.render(7)).containsExactly(
                "[ALERT]    (7) : config : parsing [bad.cfg:2] : unknown keyword 'tune.bogus' in 'global' section",
                "[ALERT]    (7) : config : parsing [bad.cfg:3] : unknown keyword 'tune.stick-counters' in 'global' section");
        assertThat(e.problems()).filteredOn(p -> !p.isAlert()).hasSize(1);
    }

    @Test
    void tuningKeywordsAreGlobalOnly() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.load("bad.cfg", """
                defaults
                    tune.bufsize 16384
                """, Map.of()));
        assertThat(e.alerts()).extracting(Problem::message)
                .containsExactly("unknown keyword 'tune.bufsize' in 'defaults' section");
    }

    /** Every keyword accepted with a warning is one that HAProxy 2.6 knows in its global section. */
    @Test
    void everyIgnoredKeywordIsOneHaproxyKnows(@TempDir Path directory) throws Exception {
        require(Files.isExecutable(HAPROXY), "HAProxy is not installed: skipping (apt-get install haproxy)");
        List<String> ignored = IgnoredGlobalKeywords.rows().stream().map(KeywordRow::name).toList();
        assertThat(ignored).contains("tune.ssl.default-dh-param", "tune.idle-pool.shared", "daemon");
        // HAProxy stops after 50 fatal errors (most of these lines lack their argument): 40 lines a run.
        // "quiet" silences HAProxy's messages from its line on, so it comes last in its run.
        List<String> ordered = new ArrayList<>(ignored);
        if (ordered.remove("quiet")) {
            ordered.add("quiet");
        }
        StringBuilder output = new StringBuilder();
        for (int from = 0; from < ordered.size(); from += 40) {
            List<String> lines = new ArrayList<>(List.of("global"));
            ordered.subList(from, Math.min(ordered.size(), from + 40)).forEach(keyword -> lines.add("    " + keyword));
            Path config = directory.resolve("keywords.cfg");
            Files.writeString(config, String.join("\n", lines) + "\n");
            Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", config.toString())
                    .redirectErrorStream(true).start();
            output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> unknown = ignored.stream()
                .filter(keyword -> output.indexOf("unknown keyword '" + keyword + "'") >= 0)
                .toList();
        assertThat(unknown).as(output.toString()).containsExactlyInAnyOrderElementsOf(
                ignored.stream().filter(NOT_IN_DEBIAN_BUILD::contains).toList());
    }
}
