package io.ganglion.balancer.log;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ganglion.balancer.config.ConfigException;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.LoadedConfig;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.testing.LogConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log formats that HAProxy 2.6 refuses are refused at their {@code log-format} line with its words,
 * every one at once; the keywords' warnings are its warnings. Each case states what HAProxy 2.6.12
 * printed for the same file, and is checked against a live {@code haproxy -c} when one is installed.
 */
class LogFormatConfigTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final String HEAD = LogConfigs.LOGGING_HTTP_DEFAULTS;

    /** Formats refused once the file is read, when the proxies' modes are known (lines 11 to 56). */
    private static final String BAD_FORMATS = HEAD + """
            frontend f1
                bind 127.0.0.1:18001
                log-format "%ci %zz"
            frontend f2
                bind 127.0.0.1:18002
                log-format "%ci %{+Q"
            frontend f3
                bind 127.0.0.1:18003
                log-format "%ci %[src"
            frontend f4
                bind 127.0.0.1:18004
                log-format "%ci %"
            frontend f5
                bind 127.0.0.1:18005
                log-format "%ci %[src,foo]"
            frontend f6
                bind 127.0.0.1:18006
                log-format "%ci %[nope]"
            frontend f7
                mode tcp
                bind 127.0.0.1:18007
                log-format "%ci %r"
            frontend f8
                bind 127.0.0.1:18009
                log-format "%ci %1"
            frontend f9
                bind 127.0.0.1:18010
                log-format "%ci %{+Q}"
            frontend f10
                bind 127.0.0.1:18011
                log-format "%ci %[src)x]"
            frontend f11
                bind 127.0.0.1:18012
                log-format "%[src(1)]"
            frontend f12
                mode tcp
                bind 127.0.0.1:18013
                log-format "%ci %HM %ST"
            frontend f13
                bind 127.0.0.1:18014
                unique-id-format "%ci %zz"
            frontend f14
                mode tcp
                bind 127.0.0.1:18015
                unique-id-format "%ci %HM"
            frontend f15
                bind 127.0.0.1:18016
                log-format "%ci %[path,lower] %[src]"
            """;

    private static final List<String> BAD_FORMATS_ANSWER = List.of(
            "Parsing [bad.cfg:11]: failed to parse log-format : no such format variable 'zz'. If you wanted to emit the '%' character verbatim, you need to use '%%'.",
            "Parsing [bad.cfg:14]: failed to parse log-format : truncated line after '+Q'.",
            "Parsing [bad.cfg:17]: failed to parse log-format : missing ']' after 'src'.",
            "Parsing [bad.cfg:20]: failed to parse log-format : truncated line after '%'.",
            "Parsing [bad.cfg:23]: failed to parse log-format : failed to parse sample expression <src,foo]> : unknown converter 'foo'.",
            "Parsing [bad.cfg:26]: failed to parse log-format : failed to parse sample expression <nope]> : unknown fetch method 'nope'.",
            "Parsing [bad.cfg:30]: failed to parse log-format : format variable 'r' is reserved for HTTP mode.",
            "Parsing [bad.cfg:33]: failed to parse log-format : unexpected variable name near '1' at position 5 line : '%ci %1'. Maybe you want to write a single '%', use the syntax '%%'.",
            "Parsing [bad.cfg:36]: failed to parse log-format : parse argument modifier without variable name near '%{+Q}'.",
            "Parsing [bad.cfg:39]: failed to parse log-format : expected ']' after 'src', but found ')'.",
            "Parsing [bad.cfg:42]: failed to parse log-format : failed to parse sample expression <src(1)]> : fetch method 'src' : expected ')' before '1)]'.",
            "Parsing [bad.cfg:46]: failed to parse log-format : format variable 'HM' is reserved for HTTP mode.",
            "Parsing [bad.cfg:49]: failed to parse unique-id : no such format variable 'zz'. If you wanted to emit the '%' character verbatim, you need to use '%%'.",
            "Parsing [bad.cfg:53]: failed to parse unique-id : format variable 'HM' is reserved for HTTP mode.",
            "Parsing [bad.cfg:56]: failed to parse log-format : sample fetch <path,lower] %[src]> may not be reliably used here because it needs 'HTTP request headers' which is not available here.");

    /** Mistakes of the keywords themselves, found while reading the lines. */
    private static final String BAD_LINES = HEAD + """
            frontend f1
                bind 127.0.0.1:18001
                log-format %ci %cp
                log-format
                option httplog extra
                option httplog clf extra
                capture request header
                capture request header X len 5 extra
                capture foo
                capture response header X foo 5
                unique-id-format
                unique-id-format a b
                unique-id-header
                option dontlognull x
            defaults
                capture response header X len 5
            global
                log stdout len 79 local0
                log stdout len abc local0
            """;

    private static final List<String> BAD_LINES_ANSWER = List.of(
            "parsing [bad.cfg:11] : log-format expects only one argument, don't forget to escape spaces!",
            "parsing [bad.cfg:12] : log-format expects an argument.",
            "parsing [bad.cfg:13] : keyword 'httplog' only supports option 'clf'.",
            "parsing [bad.cfg:14] : 'option httplog' cannot handle unexpected argument 'extra'.",
            "parsing [bad.cfg:15] : 'capture request' expects 'header' <header_name> 'len' <len>.",
            "parsing [bad.cfg:16] : 'capture request' cannot handle unexpected argument 'extra'.",
            "parsing [bad.cfg:17] : 'capture' expects 'cookie' or 'request header' or 'response header'.",
            "parsing [bad.cfg:18] : 'capture response' expects 'header' <header_name> 'len' <len>.",
            "parsing [bad.cfg:19] : unique-id-format expects an argument.",
            "parsing [bad.cfg:20] : unique-id-format expects only one argument, don't forget to escape spaces!",
            "parsing [bad.cfg:21] : unique-id-header expects an argument.",
            "parsing [bad.cfg:22] : 'option dontlognull' cannot handle unexpected argument 'x'.",
            "parsing [bad.cfg:24] : 'capture response' not allowed in 'defaults' section.",
            "parsing [bad.cfg:26] : log : invalid log length '79', must be between 80 and 65535",
            "parsing [bad.cfg:27] : log : invalid log length 'abc', must be between 80 and 65535");

    /**
     * What is accepted with a warning: a format replaced in a defaults section, a backend's format, a
     * format where nothing is logged. HTTP's status and the request counter in a {@code mode tcp}
     * format are accepted silently by HAProxy 2.6 (its "HTTP log/header format not usable" check
     * runs before the formats are read).
     */
    private static final String WARNINGS = HEAD + """
                option httplog
                log-format "x"
                option tcplog
                option httplog clf
            frontend f1
                bind 127.0.0.1:18001
                default_backend b1
            backend b1
                log-format "%ci"
                option httplog
                server s1 127.0.0.1:18100
                capture request header X len 5
                option dontlognull
            frontend f3
                mode tcp
                bind 127.0.0.1:18003
                log-format "%ci %ST %rt %[fe_name]"
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend f2
                bind 127.0.0.1:18002
                log-format "%ci"
            """;

    private static final List<String> WARNINGS_ANSWER = List.of(
            "parsing [bad.cfg:10]: 'log-format' overrides previous 'option httplog' in 'defaults' section.",
            "parsing [bad.cfg:11]: 'option tcplog' overrides previous 'log-format' in 'defaults' section.",
            "parsing [bad.cfg:12]: 'option httplog clf' overrides previous 'option tcplog' in 'defaults' section.",
            "parsing [bad.cfg:17] : backend 'b1' : 'log-format' directive is ignored in backends.",
            "parsing [bad.cfg:18] : backend 'b1' : 'option httplog' directive is ignored in backends.",
            "parsing [bad.cfg:20] : 'capture' ignored because backend 'b1' has no frontend capability.",
            "parsing [bad.cfg:21] : 'dontlognull' ignored because backend 'b1' has no frontend capability.",
            "log format ignored for frontend 'f2' since it has no log address.");

    @TempDir
    Path dir;

    @Test
    void badFormatsAreRefusedAtTheirLinesAllAtOnce() throws Exception {
        assertThat(ourAlerts(BAD_FORMATS)).containsExactlyElementsOf(BAD_FORMATS_ANSWER);
        assertThat(haproxy(BAD_FORMATS, "ALERT")).containsExactlyInAnyOrderElementsOf(BAD_FORMATS_ANSWER);
    }

    @Test
    void badKeywordLinesAreRefusedWithHaproxysWords() throws Exception {
        assertThat(ourAlerts(BAD_LINES)).containsExactlyElementsOf(BAD_LINES_ANSWER);
        assertThat(haproxy(BAD_LINES, "ALERT")).containsExactlyInAnyOrderElementsOf(BAD_LINES_ANSWER);
    }

    @Test
    void replacedAndIgnoredFormatsAreWarnedAbout() throws Exception {
        LoadedConfig loaded = ConfigParser.load(dir.resolve("bad.cfg").toString(), WARNINGS, java.util.Map.of());
        assertThat(messages(loaded.warnings())).containsExactlyElementsOf(WARNINGS_ANSWER);
        assertThat(haproxy(WARNINGS, "WARNING")).containsExactlyInAnyOrderElementsOf(WARNINGS_ANSWER);
    }

    private List<String> ourAlerts(String config) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigParser.load(dir.resolve("bad.cfg").toString(), config, java.util.Map.of()));
        assertThat(e).isNotNull();
        return messages(e.alerts());
    }

    /** The messages as {@code haproxy -c} prints them after {@code config : }, the directory left out. */
    private List<String> messages(List<Problem> problems) {
        return problems.stream().map(p -> p.render(1).substring(p.render(1).indexOf("config : ") + 9))
                .map(m -> m.replace(dir + "/", "")).toList();
    }

    /** What {@code haproxy -c} prints at {@code level} about the log formats and their keywords. */
    private List<String> haproxy(String config, String level) throws Exception {
        require(Files.isExecutable(HAPROXY), "HAProxy is not installed: skipping (apt-get install haproxy)");
        Path file = Files.writeString(dir.resolve("bad.cfg"), config);
        Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", "bad.cfg").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(file).exists();
        return output.lines().filter(l -> l.startsWith("[" + level + "]")
                        && (l.contains("[bad.cfg:") || l.contains("log format")))
                .map(l -> l.substring(l.indexOf("config : ") + 9)).toList();
    }
}
