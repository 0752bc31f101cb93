package io.ganglion.balancer.config;

import io.ganglion.balancer.check.HealthCheckKeywords;
import io.ganglion.balancer.check.HealthCheckSpec;
import io.ganglion.balancer.lb.BalanceAlgorithm;
import io.ganglion.balancer.lb.BalanceKeywords;
import io.ganglion.balancer.state.ServerStateKeywords;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ConfigParserTest {

    private static BalancerConfig full() throws Exception {
        Path file = Path.of(ConfigParserTest.class.getResource("/config/full.cfg").toURI());
        return ConfigParser.parse(file);
    }

    @Test
    void globalSectionHasEveryKeyword() throws Exception {
        GlobalSection g = full().global();
        assertThat(g.maxconn()).isEqualTo(1000);
        assertThat(g.nbthread()).isEqualTo(2);
        assertThat(g.logs()).extracting(LogTarget::target, LogTarget::format, LogTarget::facility)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stdout", "raw", "local0"));
        assertThat(g.statsSockets()).hasSize(3);
        StatsSocketSpec admin = g.statsSockets().get(0);
        assertThat(admin.unixPath()).isEqualTo(Path.of("/run/ganglion/admin.sock"));
        assertThat(admin.mode()).isEqualTo(0600);
        assertThat(admin.level()).isEqualTo(AccessLevel.ADMIN);
        assertThat(g.statsSockets().get(1).tcp()).isEqualTo(new InetSocketAddress("127.0.0.1", 19999));
        assertThat(g.statsSockets().get(1).level()).isEqualTo(AccessLevel.USER);
        assertThat(g.statsSockets().get(2).level()).as("HAProxy's default level").isEqualTo(AccessLevel.OPERATOR);
        assertThat(g.statsSockets().get(2).mode()).isEqualTo(-1);
        assertThat(g.statsTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(g.get(ServerStateKeywords.SERVER_STATE_FILE)).isEqualTo(Path.of("/run/ganglion/state"));
    }

    @Test
    void frontendInheritsDefaultsAndKeepsItsOwnSettings() throws Exception {
        ProxySection fe = full().proxy("fe_main").orElseThrow();
        assertThat(fe.kind()).isEqualTo(ProxyKind.FRONTEND);
        assertThat(fe.source()).isEqualTo(new Source(fe.source().file(), 28));
        assertThat(fe.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(fe.binds()).extracting(BindSpec::text)
                .containsExactly("127.0.0.1:18080", "[::1]:18080", "*:18081", ":18082", "ipv6@[::1]:18083");
        assertThat(fe.binds().get(1).address()).isEqualTo(new InetSocketAddress("::1", 18080));
        assertThat(fe.binds().get(2).address().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(fe.binds().get(2).address().getPort()).isEqualTo(18081);
        assertThat(fe.maxconn()).isEqualTo(200);
        assertThat(fe.forwardFor()).isTrue();
        assertThat(fe.httpConnectionMode()).isEqualTo(HttpConnectionMode.KEEP_ALIVE);
        assertThat(fe.accessLogFormat().kind()).isEqualTo(AccessLogFormat.Kind.HTTPLOG);
        assertThat(fe.logGlobal()).isTrue();
        assertThat(fe.defaultBackend()).isEqualTo("be_app");
        assertThat(fe.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMillis(500),
                Duration.ofNanos(100_000)));
    }

    @Test
    void backendServersTakeOptionsAndDefaultServerLines() throws Exception {
        ProxySection be = full().proxy("be_app").orElseThrow();
        assertThat(be.get(BalanceKeywords.BALANCE)).isEqualTo(BalanceAlgorithm.LEASTCONN);
        assertThat(be.get(HealthCheckKeywords.HEALTH_CHECK))
                .isEqualTo(new HealthCheckSpec(true, "GET", "/health", "HTTP/1.1", 204));
        assertThat(be.redispatch()).as("no option redispatch").isFalse();
        assertThat(be.retries()).isEqualTo(5);
        assertThat(be.get(ServerStateKeywords.LOAD_SERVER_STATE)).isTrue();
        assertThat(be.defaultBackend()).isNull();
        String file = be.source().file();
        assertThat(be.servers()).extracting(ServerSpec::name, ServerSpec::host, ServerSpec::port, ServerSpec::source)
                .containsExactly(tuple("web1", "127.0.0.1", 18081, new Source(file, 43)),
                        tuple("web2", "127.0.0.1", 18082, new Source(file, 45)),
                        tuple("web3", "localhost", 18083, new Source(file, 46)));
        assertThat(be.servers()).extracting(ServerSpecs::options).containsExactly(
                List.of(100, true, Duration.ofSeconds(1), 3, 4, 9000, 50, false, false, Optional.empty()),
                List.of(7, false, Duration.ofSeconds(3), 2, 3, 0, 0, true, true, Optional.of(Duration.ofSeconds(30))),
                List.of(0, false, Duration.ofSeconds(3), 2, 3, 0, 0, false, false, Optional.of(Duration.ofSeconds(30))));
    }

    @Test
    void listenIsItsOwnBackend() throws Exception {
        ProxySection stats = full().proxy("stats").orElseThrow();
        assertThat(stats.kind()).isEqualTo(ProxyKind.LISTEN);
        assertThat(stats.defaultBackend()).isEqualTo("stats");
    }

    /** HAProxy 2.6 cfgparse: the three options are one mode; "no option X" resets only X itself. */
    @Test
    void theHttpConnectionOptionsAreOneModeTheLastOneWins() throws Exception {
        BalancerConfig config = ConfigParser.parse("modes.cfg", """
                defaults
                    mode http
                    option http-server-close
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                backend inherited
                backend last_wins
                    option httpclose
                    option http-keep-alive
                    option http-server-close
                backend no_other_option_keeps_it
                    no option httpclose
                backend no_this_option_resets
                    no option http-server-close
                backend closes
                    option httpclose
                """);
        assertThat(List.of("inherited", "last_wins", "no_other_option_keeps_it", "no_this_option_resets", "closes"))
                .extracting(name -> config.proxy(name).orElseThrow().httpConnectionMode())
                .containsExactly(HttpConnectionMode.SERVER_CLOSE, HttpConnectionMode.SERVER_CLOSE,
                        HttpConnectionMode.SERVER_CLOSE, HttpConnectionMode.KEEP_ALIVE, HttpConnectionMode.CLOSE);
    }

    @Test
    void eachDefaultsSectionAppliesOnlyToTheProxiesAfterIt() throws Exception {
        BalancerConfig config = ConfigParser.parse("two-defaults.cfg", """
                defaults first
                    mode http
                    balance static-rr
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                backend b1
                    server s1 127.0.0.1:8001
                defaults
                    timeout connect 2s
                    timeout client 2s
                    timeout server 2s
                    option httpchk /ping
                backend b2
                    server s1 127.0.0.1:8002
                """);
        ProxySection b1 = config.proxy("b1").orElseThrow();
        ProxySection b2 = config.proxy("b2").orElseThrow();
        assertThat(b1.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(b1.get(BalanceKeywords.BALANCE)).isEqualTo(BalanceAlgorithm.STATIC_RR);
        assertThat(b1.timeouts().connect()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b1.get(HealthCheckKeywords.HEALTH_CHECK).http()).isFalse();
        assertThat(b2.mode()).as("a new defaults section starts afresh").isEqualTo(ProxyMode.TCP);
        assertThat(b2.get(BalanceKeywords.BALANCE)).isEqualTo(BalanceAlgorithm.ROUNDROBIN);
        assertThat(b2.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(b2.get(HealthCheckKeywords.HEALTH_CHECK))
                .isEqualTo(new HealthCheckSpec(true, "OPTIONS", "/ping", "HTTP/1.0", 0));
        assertThat(ServerSpecs.options(b2.servers().get(0)).subList(0, 5))
                .containsExactly(1, false, Duration.ofSeconds(2), 2, 3);
        assertThat(b2.retries()).isEqualTo(3);
        assertThat(config.global()).isEqualTo(GlobalSection.defaults());
    }

    @Test
    void missingTimeoutsIsAWarningWithHaproxyText() throws Exception {
        LoadedConfig loaded = ConfigParser.load("nocli.cfg", """
                defaults
                    timeout server 1s
                    timeout connect 1s
                frontend g
                    bind :8081
                    default_backend b
                backend b
                    server s1 127.0.0.1:80
                """, java.util.Map.of());
        assertThat(loaded.warnings()).hasSize(1);
        assertThat(loaded.warnings().get(0).render(42)).isEqualTo("""
                [WARNING]  (42) : config : missing timeouts for frontend 'g'.
                   | While not properly invalid, you will certainly encounter various problems
                   | with such a configuration. To fix this, please ensure that all following
                   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.""");
        assertThat(loaded.config().proxies()).hasSize(2);
    }

    /** A timeout of the other side of a proxy has no effect: HAProxy 2.6 says so, in these words. */
    @Test
    void aTimeoutOfTheOtherSideIsAWarningWithHaproxyText() throws Exception {
        LoadedConfig loaded = ConfigParser.load("sides.cfg", """
                defaults
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                frontend fe
                    bind :8081
                    timeout server 1s
                    timeout connect 1s
                    timeout queue 1s
                    timeout check 1s
                    timeout http-request 1s
                    default_backend be
                backend be
                    timeout client 1s
                    timeout http-keep-alive 1s
                    server s1 127.0.0.1:80
                listen l
                    bind :8082
                    timeout client 1s
                    timeout server 1s
                """, java.util.Map.of());
        assertThat(loaded.warnings()).extracting(w -> w.render(42)).containsExactly(
                "[WARNING]  (42) : config : parsing [sides.cfg:7] : 'timeout server' will be ignored because frontend 'fe' has no backend capability",
                "[WARNING]  (42) : config : parsing [sides.cfg:8] : 'timeout connect' will be ignored because frontend 'fe' has no backend capability",
                "[WARNING]  (42) : config : parsing [sides.cfg:9] : 'timeout queue' will be ignored because frontend 'fe' has no backend capability",
                "[WARNING]  (42) : config : parsing [sides.cfg:10] : 'timeout check' will be ignored because frontend 'fe' has no backend capability",
                "[WARNING]  (42) : config : parsing [sides.cfg:14] : 'timeout client' will be ignored because backend 'be' has no frontend capability");
    }

    /** The log option of a frontend that logs nowhere has no effect: HAProxy 2.6's warning, in its words. */
    @Test
    void aLogFormatWithNowhereToLogIsAWarningWithHaproxyText() throws Exception {
        String proxies = """
                defaults
                    mode http
                    option httplog
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                frontend without_log_global
                    bind :8081
                    default_backend be
                frontend with_log_global
                    bind :8082
                    log global
                    default_backend be
                frontend tcplog_nowhere
                    bind :8083
                    option tcplog
                    default_backend be
                backend be
                    server s1 127.0.0.1:80
                """;
        assertThat(ConfigParser.load("nolog.cfg", proxies, java.util.Map.of()).warnings()).extracting(w -> w.render(42))
                .containsExactly(
                        "[WARNING]  (42) : config : log format ignored for frontend 'without_log_global' since it has no log address.",
                        "[WARNING]  (42) : config : log format ignored for frontend 'with_log_global' since it has no log address.",
                        "[WARNING]  (42) : config : log format ignored for frontend 'tcplog_nowhere' since it has no log address.");
        assertThat(ConfigParser.load("log.cfg", "global\n    log stdout format raw local0\n" + proxies, java.util.Map.of())
                .warnings()).extracting(w -> w.render(42)).containsExactly(
                        "[WARNING]  (42) : config : log format ignored for frontend 'without_log_global' since it has no log address.",
                        "[WARNING]  (42) : config : log format ignored for frontend 'tcplog_nowhere' since it has no log address.");
    }

    @Test
    void environmentVariablesExpandInDoubleQuotesButNotSingleQuotes() throws Exception {
        BalancerConfig config = ConfigParser.load("env.cfg", """
                global
                    maxconn "${MAX}"
                    server-state-file '/tmp/${MAX}'
                """, java.util.Map.of("MAX", "77")).config();
        assertThat(config.global().maxconn()).isEqualTo(77);
        assertThat(config.global().get(ServerStateKeywords.SERVER_STATE_FILE)).isEqualTo(Path.of("/tmp/${MAX}"));
    }

    @Test
    void tokenizerHandlesCommentsEscapesAndQuotes() throws Exception {
        LineTokenizer t = new LineTokenizer(java.util.Map.of("A", "x y")::get);
        Source s = new Source("t", 1);
        assertThat(t.tokenize("  a\\ b 'c # d' \"e ${A}\" f#g # h", s, "").words())
                .isEqualTo(List.of("a b", "c # d", "e x y", "f"));
        assertThat(t.tokenize("   # only a comment", s, "").isEmpty()).isTrue();
        assertThat(t.tokenize("k \"\" '' \\#", s, "").words()).isEqualTo(List.of("k", "", "", "#"));
    }

    @Test
    void aLineWhoseFirstWordIsEmptyIsSkippedAsHaproxyDoes() throws Exception {
        BalancerConfig config = ConfigParser.load("empty.cfg", """
                global
                    "${UNSET}" maxconn 10
                    "" bogus
                    maxconn 20
                """, java.util.Map.of()).config();
        assertThat(config.global().maxconn()).isEqualTo(20);
    }

    @Test
    void pseudoVariablesSayWhereTheLineIs() throws Exception {
        BalancerConfig config = ConfigParser.load("where.cfg", """
                defaults
                    timeout connect 1s
                    timeout client 1s
                    timeout server 1s
                backend be_x
                    server "s${.LINE}" 127.0.0.1:80
                    server "${.SECTION}-$.LINE" 127.0.0.1:81
                    server "${.FILE}" 127.0.0.1:82
                """, java.util.Map.of()).config();
        assertThat(config.proxy("be_x").orElseThrow().servers()).extracting(ServerSpec::name)
                .containsExactly("s6", "be_x-7", "where.cfg");
    }

    @Test
    void setenvAndItsFamilyChangeWhatTheFollowingLinesExpand() throws Exception {
        BalancerConfig config = ConfigParser.load("env.cfg", """
                global
                    setenv P 1
                    presetenv P 2
                    presetenv Q 3
                    presetenv FROM_ENV 4
                    setenv K keep
                    unsetenv Q
                    stats socket "/tmp/${P}-${Q-unset}-${FROM_ENV}-${K}"
                    resetenv K
                    server-state-file "/tmp/${P-unset}-${FROM_ENV-unset}-${K}-${HAPROXY_LOCALPEER-unset}"
                """, java.util.Map.of("FROM_ENV", "env")).config();
        assertThat(config.global().statsSockets().get(0).unixPath()).isEqualTo(Path.of("/tmp/1-unset-env-keep"));
        assertThat(config.global().get(ServerStateKeywords.SERVER_STATE_FILE))
                .isEqualTo(Path.of("/tmp/unset-unset-keep-unset"));
    }

    @Test
    void haproxysRegressionTestTimeoutsLoadWithTheirDefaults() throws Exception {
        String text = """
                defaults
                    timeout connect "${HAPROXY_TEST_TIMEOUT-5s}"
                    timeout client  "${HAPROXY_TEST_TIMEOUT-5s}"
                    timeout server  "${HAPROXY_TEST_TIMEOUT-5s}"
                backend b
                    server s1 127.0.0.1:80
                """;
        ProxySection unset = ConfigParser.load("vtc.cfg", text, java.util.Map.of()).config().proxy("b").orElseThrow();
        assertThat(unset.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(unset.timeouts().server()).isEqualTo(Duration.ofSeconds(5));
        ProxySection set = ConfigParser.load("vtc.cfg", text, java.util.Map.of("HAPROXY_TEST_TIMEOUT", "250ms"))
                .config().proxy("b").orElseThrow();
        assertThat(set.timeouts().connect()).isEqualTo(Duration.ofMillis(250));
    }
}
