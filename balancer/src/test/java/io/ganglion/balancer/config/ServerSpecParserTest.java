package io.ganglion.balancer.config;

import io.ganglion.balancer.server.ServerSpecParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser that {@code add server} reuses answers with HAProxy's CLI wording (captures 138 and live runs). */
class ServerSpecParserTest {
    private static final Source CLI = new Source("cli", 0);

    @Test
    void parsesEveryOptionOverTheDefaults() throws Exception {
        ServerSpec s = ServerSpecParser.parse("web5", "127.0.0.1:18083",
                List.of("check", "weight", "50", "inter", "500ms", "rise", "1", "fall", "9", "port", "81",
                        "maxconn", "3", "backup", "disabled", "slowstart", "2s"), CLI, ProxyBuilder.DEFAULT_SERVER);
        assertThat(s).isEqualTo(new ServerSpec("web5", "127.0.0.1", 18083, 50, true, Duration.ofMillis(500), 1, 9, 81, 3,
                true, true, Duration.ofSeconds(2), CLI));
    }

    @Test
    void refusesWithHaproxysCliWording() {
        assertThatThrownBy(() -> ServerSpecParser.parse("web9", "127.0.0.1:18081", List.of("bogus-keyword"), CLI,
                ProxyBuilder.DEFAULT_SERVER)).hasMessage("unknown keyword 'bogus-keyword'.");
        assertThatThrownBy(() -> ServerSpecParser.parse("x", "127.0.0.1:80", List.of("weight", "300"), CLI,
                ProxyBuilder.DEFAULT_SERVER)).hasMessage("weight of server x is not within 0 and 256 (300)..");
        assertThatThrownBy(() -> ServerSpecParser.parse("x", "127.0.0.1:80", List.of("inter", "1x"), CLI,
                ProxyBuilder.DEFAULT_SERVER)).hasMessage("unexpected character 'x' in 'agent-inter' argument of server x..");
        assertThatThrownBy(() -> ServerSpecParser.parse("x", "127.0.0.1:80", List.of("rise", "0"), CLI,
                ProxyBuilder.DEFAULT_SERVER)).hasMessage("'rise' has to be > 0..");
        assertThatThrownBy(() -> ServerSpecParser.parse("x", "127.0.0.1:99999", List.of(), CLI,
                ProxyBuilder.DEFAULT_SERVER)).hasMessage("invalid port '99999'");
    }
}
