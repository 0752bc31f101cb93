package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ganglion.balancer.config.ConfigException;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.LoadedConfig;
import io.ganglion.balancer.config.ProxySection;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code stick-table} lines, good and bad; the expected alerts after {@code parsing [file:line] : }
 * are what {@code haproxy -c} (2.6.12) prints for the same line.
 */
class StickTableKeywordTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            backend b
            """;

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("type foo size 10", "stick-table: unknown type 'foo'."),
                Arguments.of("type", "stick-table: unknown type ''."),
                Arguments.of("type ip", "stick-table: missing size."),
                Arguments.of("", "stick-table: missing size."),
                Arguments.of("size 10", "stick-table: missing type."),
                Arguments.of("type ip size 0", "stick-table: missing size."),
                Arguments.of("type ip size", "stick-table: missing argument after 'size'."),
                Arguments.of("type ip size x", "stick-table: unexpected character 'x' in argument of 'size'."),
                Arguments.of("type ip size 10g", "stick-table: unexpected character 'g' in argument of 'size'."),
                Arguments.of("type ip size 10 expire", "stick-table: missing argument after 'expire'."),
                Arguments.of("type ip size 10 expire x", "stick-table: unexpected character 'x' in argument of 'expire'."),
                Arguments.of("type ip size 10 store nope", "stick-table: unknown store option 'nope'."),
                Arguments.of("type ip size 10 store ,gpt0", "stick-table: unknown store option ''."),
                Arguments.of("type ip size 10 store http_req_rate",
                        "stick-table: missing argument to store option 'http_req_rate'."),
                Arguments.of("type ip size 10 store http_req_rate(x)",
                        "stick-table: error when processing store option 'http_req_rate'."),
                Arguments.of("type ip size 10 store http_req_rate()",
                        "stick-table: error when processing store option 'http_req_rate'."),
                Arguments.of("type ip size 10 store gpt0(1)", "stick-table: unexpected argument to store option 'gpt0'."),
                Arguments.of("type string len x size 10", "stick-table: unknown type 'x'."),
                Arguments.of("type string len 0 size 10", "stick-table: unknown type '0'."),
                Arguments.of("type ip len 4 size 10", "stick-table: unknown argument 'len'."),
                Arguments.of("type string size 10 len 4", "stick-table: unknown argument 'len'."),
                Arguments.of("type ip size 10k nope", "stick-table: unknown argument 'nope'."));
    }

    @ParameterizedTest
    @MethodSource("badLines")
    void refusesWithHaproxysWords(String line, String message) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigParser.parse("bad.cfg", DEFAULTS + "    stick-table " + line + "\n"));
        assertThat(e).as(line).isNotNull();
        assertThat(e.alerts()).extracting(p -> p.render(7))
                .containsExactly("[ALERT]    (7) : config : parsing [bad.cfg:7] : " + message);
    }

    @Test
    void refusesASecondTableOfTheSameName() {
        ConfigException twice = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("bad.cfg",
                DEFAULTS + "    stick-table type ip size 1\n    stick-table type ip size 2\n"));
        assertThat(twice.alerts()).extracting(p -> p.render(7)).containsExactly("[ALERT]    (7) : config : parsing [bad.cfg:8] : "
                + "stick-table name 'b' conflicts with table declared in backend 'b' at bad.cfg:7.");
        ConfigException shared = catchThrowableOfType(ConfigException.class, () -> ConfigParser.parse("bad.cfg",
                DEFAULTS + "    stick-table type ip size 1\nfrontend b\n    stick-table type ip size 2\n"));
        assertThat(shared.alerts()).extracting(p -> p.render(7)).containsExactly("[ALERT]    (7) : config : parsing [bad.cfg:9] : "
                + "stick-table name 'b' conflicts with table declared in backend 'b' at bad.cfg:7.");
    }

    @Test
    void readsEveryPartOfTheLine() throws Exception {
        LoadedConfig loaded = ConfigParser.load("ok.cfg", DEFAULTS
                + "    stick-table type string len 8 size 1m expire 15m nopurge store gpt0,http_req_rate(10s) store conn_cur,gpt0\n",
                Map.of());
        ProxySection b = loaded.config().proxies().get(0);
        StickTableSpec spec = b.get(StickTableKeyword.STICK_TABLE);
        assertThat(spec.name()).isEqualTo("b");
        assertThat(spec.keyType()).isEqualTo(KeyType.STRING);
        assertThat(spec.keyLength()).isEqualTo(8);
        assertThat(spec.size()).isEqualTo(1 << 20);
        assertThat(spec.expireMs()).isEqualTo(15 * 60_000);
        assertThat(spec.nopurge()).isTrue();
        assertThat(spec.stored()).containsOnlyKeys(DataType.GPT0, DataType.HTTP_REQ_RATE, DataType.CONN_CUR);
        assertThat(spec.period(DataType.HTTP_REQ_RATE)).isEqualTo(10_000);
        assertThat(loaded.warnings()).extracting(p -> p.message())
                .containsExactly("stick-table: store option 'gpt0' already enabled, ignored.");
    }
}
