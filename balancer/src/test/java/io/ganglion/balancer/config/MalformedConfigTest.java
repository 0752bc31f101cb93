package io.ganglion.balancer.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each malformed file gives one precise alert. The expected texts after {@code parsing [file:line] : }
 * are what {@code haproxy -c} (2.6.12) prints for the same mistake, except where noted.
 */
class MalformedConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("global\n    bogus 1\n", 2, "unknown keyword 'bogus' in 'global' section"),
                bad(DEFAULTS + "    qux\n", 6, "unknown keyword 'qux' in 'defaults' section"),
                bad(DEFAULTS + "frontend f\n    bind :8080\n    bogus 1\n", 8, "unknown keyword 'bogus' in 'frontend' section"),
                bad(DEFAULTS + "backend b\n    foo bar\n", 7, "unknown keyword 'foo' in 'backend' section"),
                bad(DEFAULTS + "listen l\n    bind :8081\n    baz\n", 8, "unknown keyword 'baz' in 'listen' section"),
                bad(DEFAULTS + "frontend f\n    bind 300.0.0.1:80\n", 7, "'bind' : invalid address: '300.0.0.1' in '300.0.0.1:80'"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:99999\n", 7, "'bind' : invalid port '99999'"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:abc\n", 7,
                        "'bind' : invalid character 'a' in port number 'abc' in '127.0.0.1:abc'"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1\n", 7, "'bind' : missing port specification in '127.0.0.1'"),
                // HAProxy prints server errors as "[file:line] : 'server b/s1' : ..." without "parsing".
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:99999\n", 7, "'server b/s1' : invalid port '99999'"),
                bad(DEFAULTS + "backend b\n    server s1 300.1.1.1:80\n", 7, "'server b/s1' : could not resolve address '300.1.1.1'."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 weight 300\n", 7,
                        "'server b/s1' : weight of server s1 is not within 0 and 256 (300).."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 weight -1\n", 7,
                        "'server b/s1' : weight of server s1 is not within 0 and 256 (-1).."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 weight abc\n", 7,
                        "'server b/s1' : 'weight' expects an integer argument."), // HAProxy silently reads 0
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 bogus\n", 7, "'server b/s1' : unknown keyword 'bogus'."),
                bad(DEFAULTS + "backend b\n    server s6\n", 7, "'server' expects <name> and <addr>[:<port>] as arguments."),
                // agent checks and track, HAProxy 2.6.12's words (checked with haproxy -c)
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 agent-check\n", 7,
                        "'server b/s1' : server s1 does not have agent port. Agent check has been disabled."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 agent-port\n", 7,
                        "'server b/s1' : 'agent-port' expects a port number as argument.."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 agent-inter x\n", 7,
                        "'server b/s1' : unexpected character 'x' in 'agent-inter' argument of server s1.."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 agent-inter 0\n", 7,
                        "'server b/s1' : invalid value 0 for argument 'agent-inter' of server s1.."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 agent-addr\n", 7,
                        "'server b/s1' : 'agent-addr' expects an address as argument.."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 agent-addr foo.invalid\n", 7,
                        "'server b/s1' : parsing agent-addr failed. Check if 'foo.invalid' is correct address.."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 agent-send\n", 7,
                        "'server b/s1' : 'agent-send' expects a string as argument.."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 track\n", 7,
                        "'server b/s1' : 'track' expects [<proxy>/]<server> as argument.."),
                bad(DEFAULTS + "backend b\n    server a 127.0.0.1:80 check\n    server s1 127.0.0.1:80 check track a\n", 8,
                        "'server b/s1' : unable to enable checks and tracking at the same time!"),
                bad(DEFAULTS + "backend b\n    server a 127.0.0.1:80\n    server s1 127.0.0.1:80 track a\n", 8,
                        "'server b/s1' : unable to use b/a for tracking as it does not have any check nor agent enabled."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 track nope\n", 7,
                        "'server b/s1' : unable to find required server 'nope' for tracking."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 track nob/a\n", 7,
                        "'server b/s1' : unable to find required proxy 'nob' for tracking."),
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80 track s1\n", 7,
                        "'server b/s1' : unable to track b/s1 as it belongs to a tracking chain looping back to b/s1."),
                bad(DEFAULTS + "backend b\n    server a 127.0.0.1:80 track s1\n    server s1 127.0.0.1:80 track a\n", 8,
                        "'server b/s1' : unable to track b/a as it belongs to a tracking chain looping back to b/s1."),
                bad(DEFAULTS + "frontend f\n    bind :8080\n    default_backend nope\n", 8,
                        "Proxy 'f': unable to find required default_backend: 'nope'."), // HAProxy gives no line
                bad(DEFAULTS + "backend b\n    server s1 127.0.0.1:80\n    server s1 127.0.0.1:81\n", 8,
                        "backend 'b', another server named 's1' was already defined at line 7, please use distinct names."),
                bad(DEFAULTS + "backend b\nbackend b\n", 7, "backend 'b' has the same name as backend 'b' declared at bad.cfg:6."),
                bad(DEFAULTS + "frontend b\n    bind :1\nlisten b\n    bind :2\n", 8,
                        "proxy 'b' has the same name as frontend 'b' declared at bad.cfg:6."),
                bad(DEFAULTS + "backend b\n    timeout server 10x\n", 7, "unexpected character 'x' in 'timeout server'"),
                bad(DEFAULTS + "backend b\n    timeout connect\n", 7, "'timeout connect' expects an integer value (in milliseconds)"),
                bad(DEFAULTS + "backend b\n    balance bogus\n", 7,
                        "balance only supports 'roundrobin', 'static-rr', 'leastconn', 'first', 'source' and 'random' options."),
                bad(DEFAULTS + "frontend f\n    bind :8080\n    server s1 127.0.0.1:80\n", 8,
                        "'server' not allowed because frontend 'f' has no backend capability."),
                bad(DEFAULTS + "backend b\n    bind :8081\n", 7, "'bind' not allowed because backend 'b' has no frontend capability."),
                bad("maxconn 10\nglobal\n", 1, "unknown keyword 'maxconn' out of section."),
                bad("global\n    maxconnrate\n", 2, "'maxconnrate' expects an integer argument."),
                bad("global\n    maxsessrate 10 20\n", 2, "'maxsessrate' cannot handle unexpected argument '20'."),
                bad("global\n    maxconnrate abc\n", 2, "'maxconnrate' expects an integer argument."), // HAProxy reads 0 (no limit)
                bad("global\n    maxconn 10'\n", 2, "unmatched quote at position 15:\n  maxconn 10'\n            ^"), // HAProxy: "parsing [bad.cfg:2]: unmatched...", without the space
                bad("global\n    stats socket /tmp/s level bogus\n", 2,
                        "'stats socket' : ''level' only supports 'user', 'operator', and 'admin' (got 'bogus')'"),
                bad("global\n    stats socket /tmp/s mode abc\n", 2,
                        "'stats socket' : ''mode' : missing or invalid mode 'abc' (octal integer expected)'"),
                bad("global\n    setenv" + java.util.stream.IntStream.rangeClosed(1, 70).mapToObj(i -> " w" + i)
                        .collect(java.util.stream.Collectors.joining()) + "\n", 2,
                        "too many words, truncating after word 64, position 247: <w63>."),
                bad("global\n    maxconn \"${1X}\"\n", 2, "forbidden first char in environment variable name at position 16:\n"
                        + "  maxconn \"${1X}\"\n"
                        + "             ^"), // ditto
                bad("global\n    setenv A\n", 2, "'setenv' expects a name and a value."),
                bad("global\n    presetenv A \"\"\n", 2, "'presetenv' expects a name and a value."),
                bad("global\n    setenv A b c d\n", 2, "'setenv' cannot handle unexpected argument 'd'."),
                bad("global\n    setenv a=b x\n", 2, "'setenv' failed on variable 'a=b' : Invalid argument."),
                bad("global\n    unsetenv\n", 2, "'unsetenv' expects at least one variable name."),
                bad("global\n    unsetenv A a=b\n", 2, "'unsetenv' failed on variable 'a=b' : Invalid argument."),
                bad("global\n    nbthread x\n", 2, "'nbthread' passed a missing or unparsable integer value in 'x'"),
                bad("global\n    log stdout format bogus\n", 2, "log : unknown log format 'bogus'"),
                bad("global\n    log stdout\n", 2, "log : expects <address> and <facility>  as arguments"),
                bad("global\n    log stdout format raw\n", 2, "log : unknown log facility ''"),
                bad("global\n    log stderr format short bogus\n", 2, "log : unknown log facility 'bogus'"),
                bad(DEFAULTS + "backend b\n    mode foo\n", 7, "unknown proxy mode 'foo'."),
                bad(DEFAULTS + "backend b\n    option bogus\n", 7, "unknown option 'bogus'."),
                bad(DEFAULTS + "backend b\n    http-check expect status abc\n", 7,
                        "'http-check expect' : invalid character 'a' in the list of status codes."),
                bad(DEFAULTS + "backend b\n    option httpchk A B C D\n", 7, "'option httpchk' cannot handle unexpected argument 'D'."),
                bad(DEFAULTS + "frontend f\n    bind :1\n    default_backend\n", 8, "'default_backend' expects a backend name."),
                bad(DEFAULTS + "frontend f\n    bind :1\n    no option httplog\n", 8,
                        "negation/default is not supported for option 'httplog'."),
                bad(DEFAULTS + "frontend f\n    bind :1\n    option tcplog extra\n", 8,
                        "'option tcplog' cannot handle unexpected argument 'extra'."),
                bad(DEFAULTS + "frontend f\n    bind :1\n    option httplog bogus\n", 8,
                        "keyword 'httplog' only supports option 'clf'."),
                // the statistics page's keywords (haproxy -c 2.6.12)
                bad(DEFAULTS + "listen l\n    bind :1\n    stats\n", 8, "missing keyword in 'stats', expects 'admin', 'uri',"
                        + " 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'."),
                bad(DEFAULTS + "listen l\n    bind :1\n    stats foo\n", 8, "unknown stats parameter 'foo', expects 'admin',"
                        + " 'uri', 'realm', 'auth', 'scope', 'enable', 'hide-version', 'show-node', 'show-desc' or 'show-legends'."),
                bad(DEFAULTS + "listen l\n    bind :1\n    stats uri\n", 8, "'uri' needs an URI prefix."),
                bad(DEFAULTS + "frontend f\n    bind :1\n    stats realm\n", 8, "'realm' needs an realm name."),
                bad(DEFAULTS + "backend b\n    stats auth\n", 7, "'auth' needs a user:password account."),
                bad(DEFAULTS + "backend b\n    stats scope\n", 7, "'scope' needs a proxy name."),
                bad(DEFAULTS + "    stats refresh 10x\n", 6, "unexpected character 'x' in argument to stats refresh interval."),
                bad(DEFAULTS + "listen l\n    bind :1\n    stats admin TRUE\n", 8,
                        "'stats admin' requires either 'if' or 'unless' followed by a condition."),
                bad(DEFAULTS + "    stats admin if TRUE\n", 6, "'stats admin' not allowed in 'defaults' section."),
                bad(DEFAULTS + "frontend g\n    bind :8081\n    default_backend b\nbackend b\n    mode tcp\n", 8,
                        "http frontend 'g' (bad.cfg:6) tries to use incompatible tcp backend 'b' (bad.cfg:9) as its default backend (see 'mode')."),
                // bind options and option socket-stats (haproxy -c 2.6.12, captured)
                bad(DEFAULTS + "listen l\n    bind 127.0.0.1:21001 zzzzqqqxx\n", 7,
                        "'bind 127.0.0.1:21001' in section 'listen': unknown keyword 'zzzzqqqxx'."),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001 name\n", 7,
                        "'bind 127.0.0.1:21001' in section 'frontend' : 'name' : missing name"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001 id\n", 7,
                        "'bind 127.0.0.1:21001' in section 'frontend' : 'id' : expects an integer argument"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001 id abc\n", 7,
                        "'bind 127.0.0.1:21001' in section 'frontend' : 'id' : expects an integer argument, found 'abc'"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001 id 0\n", 7,
                        "'bind 127.0.0.1:21001' in section 'frontend' : 'id' : custom id has to be > 0"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001 id -2\n", 7,
                        "'bind 127.0.0.1:21001' in section 'frontend' : 'id' : custom id has to be > 0"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001,127.0.0.1:21002 id 3\n", 7,
                        "'bind 127.0.0.1:21001,127.0.0.1:21002' in section 'frontend' : 'id' can only be used with a single socket"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001 id 3\n    bind 127.0.0.1:21002 id 3\n", 8,
                        "'bind 127.0.0.1:21002' in section 'frontend' : 'id' : custom id 3 already used at bad.cfg:7 ('bind 127.0.0.1:21001')"),
                bad(DEFAULTS + "frontend f\n    bind 127.0.0.1:21001 id 3 id 4\n", 7,
                        "'bind 127.0.0.1:21001' in section 'frontend' : 'id' : custom id 4 already used at bad.cfg:7 ('bind 127.0.0.1:21001')"),
                bad(DEFAULTS + "listen l\n    option socket-stats x\n", 7,
                        "'option socket-stats' cannot handle unexpected argument 'x'."));
    }

    private static Arguments bad(String text, int line, String message) {
        return Arguments.of(text, line, message);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void reportsThePreciseHaproxyMessage(String text, int line, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("bad.cfg", text));
        assertThat(e).as("expected an error for:\n" + text).isNotNull();
        assertThat(e.alerts()).extracting(p -> p.render(7))
                .containsExactly("[ALERT]    (7) : config : parsing [bad.cfg:" + line + "] : " + message);
    }

    @Test
    void reportsEveryErrorOfTheFileWithHaproxysClosingLines() {
        String text = """
                global
                    bogus 1
                defaults
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                frontend f
                    bind 127.0.0.1:99999
                    server s1 127.0.0.1:80
                    default_backend b
                backend b
                    server s1 127.0.0.1:80 weight 300
                    balance nope
                """;
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigParser.load("many.cfg", text, Map.of()));
        assertThat(e.render(99)).isEqualTo("""
                [ALERT]    (99) : config : parsing [many.cfg:2] : unknown keyword 'bogus' in 'global' section
                [ALERT]    (99) : config : parsing [many.cfg:8] : 'bind' : invalid port '99999'
                [ALERT]    (99) : config : parsing [many.cfg:9] : 'server' not allowed because frontend 'f' has no backend capability.
                [ALERT]    (99) : config : parsing [many.cfg:12] : 'server b/s1' : weight of server s1 is not within 0 and 256 (300)..
                [ALERT]    (99) : config : parsing [many.cfg:13] : balance only supports 'roundrobin', 'static-rr', 'leastconn', 'first', 'source' and 'random' options.
                [ALERT]    (99) : config : Error(s) found in configuration file : many.cfg
                [ALERT]    (99) : config : Fatal errors found in configuration.
                """);
        assertThat(e.problems()).as("a bad bind line is not also reported as a missing one").hasSize(5);
        assertThat(List.of(e.getMessage().split("\n"))).hasSize(7);
    }
}
