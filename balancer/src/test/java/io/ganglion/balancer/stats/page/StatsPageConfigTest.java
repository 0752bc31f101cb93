package io.ganglion.balancer.stats.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.LoadedConfig;
import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.LogConfigs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What HAProxy 2.6 checks on a page once the file is read, compared with {@code haproxy -c}. */
class StatsPageConfigTest {
    /** HTTP with timeouts, logging on stdout: the logging tests' defaults, which also keep {@code haproxy -c} quiet. */
    private static final String DEFAULTS = LogConfigs.LOGGING_HTTP_DEFAULTS;

    @TempDir
    Path dir;

    @Test
    void statsAuthAndStatsHttpRequestDoNotMix() throws Exception {
        String config = DEFAULTS + """
                listen x
                    bind 127.0.0.1:1
                    stats auth a:b
                    stats http-request deny if TRUE
                """;
        String ours = ConfigCheckAlerts.text(ConfigCheckAlerts.ours(config).get(0));
        assertThat(ours).isEqualTo("proxy 'x': stats 'auth'/'realm' and 'http-request' can't be used at the same time.");
        HaproxyProcess.requireInstalled();
        assertThat(ConfigCheckAlerts.haproxys(dir, config)).isEqualTo(ours);
    }

    @Test
    void aPageInATcpProxyIsIgnoredWithHaproxysWarning() throws Exception {
        LoadedConfig loaded = ConfigParser.load("one.cfg", DEFAULTS + """
                listen y
                    mode tcp
                    bind 127.0.0.1:2
                    stats enable
                    server s 127.0.0.1:3
                """, java.util.Map.of());
        assertThat(loaded.warnings()).extracting(p -> p.message())
                .containsExactly("'stats' statement ignored for proxy 'y' as it requires HTTP mode.");
    }
}
