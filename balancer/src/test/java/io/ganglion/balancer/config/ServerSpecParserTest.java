package io.ganglion.balancer.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser that {@code add server} reuses answers with HAProxy's CLI wording (captures 138 and live runs). */
class ServerSpecParserTest {
    private static final Source CLI = new Source("cli", 0);

    @Test
    void parsesEveryOptionOverTheDefaults() throws Exception {
        ServerSpec s = ServerSpecs.PARSER.parse("web5", "127.0.0.1:18083",
                List.of("check", "weight", "50", "inter", "500ms", "rise", "1", "fall", "9", "port", "81",
                        "maxconn", "3", "backup", "disabled", "slowstart", "2s"), CLI, ServerSpec.DEFAULTS);
        assertThat(s).extracting(ServerSpec::name, ServerSpec::host, ServerSpec::port, ServerSpec::source)
                .containsExactly("web5", "127.0.0.1", 18083, CLI);
        assertThat(ServerSpecs.options(s)).containsExactly(50, true, Duration.ofMillis(500), 1, 9, 81, 3, true, true,
                Optional.of(Duration.ofSeconds(2)));
    }

    @Test
    void refusesWithHaproxysCliWording() {
        assertThatThrownBy(() -> ServerSpecs.PARSER.parse("web9", "127.0.0.1:18081", List.of("bogus-keyword"), CLI,
                ServerSpec.DEFAULTS)).hasMessage("unknown keyword 'bogus-keyword'.");
        assertThatThrownBy(() -> ServerSpecs.PARSER.parse("x", "127.0.0.1:80", List.of("weight", "300"), CLI,
                ServerSpec.DEFAULTS)).hasMessage("weight of server x is not within 0 and 256 (300)..");
        assertThatThrownBy(() -> ServerSpecs.PARSER.parse("x", "127.0.0.1:80", List.of("inter", "1x"), CLI,
                ServerSpec.DEFAULTS)).hasMessage("unexpected character 'x' in 'agent-inter' argument of server x..");
        assertThatThrownBy(() -> ServerSpecs.PARSER.parse("x", "127.0.0.1:80", List.of("rise", "0"), CLI,
                ServerSpec.DEFAULTS)).hasMessage("'rise' has to be > 0..");
        assertThatThrownBy(() -> ServerSpecs.PARSER.parse("x", "127.0.0.1:99999", List.of(), CLI,
                ServerSpec.DEFAULTS)).hasMessage("invalid port '99999'");
    }
}
