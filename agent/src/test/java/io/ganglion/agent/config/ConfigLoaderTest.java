package io.ganglion.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    /** The example, minus bundled: and token_file: (files that must exist on the host). */
    @Test
    void readsTheContractShape() throws Exception {
        AgentConfig config = loader.parse("ganglion.yaml", resource("config/issue-example.yaml"));

        assertThat(config.balancer().socket()).isEqualTo("/run/ganglion/admin.sock");
        assertThat(config.registries().get("zk")).isEqualTo(new ZooKeeperRegistry("127.0.0.1:2181", "/smartstack", null, null, null));
        assertThat(config.registries().get("consul")).isEqualTo(new ConsulRegistry("http://127.0.0.1:8500", null, null, null));
        assertThat(config.watch()).extracting(WatchSettings::service, WatchSettings::backend, WatchSettings::serverOptions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("api", "be_api", "check inter 2s"),
                        org.assertj.core.groups.Tuple.tuple("db", "be_db", ""));
        assertThat(config.watch().get(1).tags()).containsExactly("primary");
        RegisterSettings web = config.register().get(0);
        assertThat(web.port()).isEqualTo(8080);
        assertThat(web.checks()).containsExactly(new CheckSettings("http", "/health", 200, null,
                Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2));
        assertThat(config.status()).isEqualTo("127.0.0.1:9901");
    }

    /**
     * Issue 18: a cold restart met the 2-second takeover on a quiet machine (0.7-1.0 s), so the
     * standby's second JVM (75-92 MiB) is kept only when asked for.
     */
    @Test
    void aBundledBalancerKeepsAStandbyOnlyWhenAskedTo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String bundled = java.nio.file.Files.writeString(dir.resolve("b.cfg"), "").toString();
        assertThat(loader.parse("g.yaml", "balancer: { socket: /tmp/a.sock, bundled: " + bundled + " }\n").balancer().standby())
                .isFalse();
        assertThat(loader.parse("g.yaml", "balancer: { socket: /tmp/a.sock, bundled: " + bundled + ", standby: true }\n")
                .balancer().standby()).isTrue();
        assertThat(loader.parse("g.yaml", "balancer: { socket: /tmp/a.sock, bundled: " + bundled + ", standby: false }\n")
                .balancer().standby()).isFalse();
        assertThatThrownBy(() -> loader.parse("g.yaml", "balancer: { socket: /tmp/a.sock, standby: maybe }\n"))
                .hasMessageStartingWith("g.yaml:1:");
    }

    /** One watch, open for more of its keys (indented by four). */
    private static final String WATCH_API = """
                balancer: { socket: /tmp/a.sock }
                registries: { zk: { type: zookeeper, connect: "127.0.0.1:2181" } }
                watch:
                  - service: api
                    registry: zk
                    path: /services/api
                    backend: be_api
                """;

    @Test
    void weightRulesOfAWatch() throws Exception {
        String text = WATCH_API + """
                    weight: { scale: 10, min: 1, max: 100, rules: [ { label: "az=us-east-1a", weight: 5 } ] }
                """;
        WeightSettings weight = loader.parse("g.yaml", text).watch().get(0).weight();
        assertThat(weight).isEqualTo(new WeightSettings(null, null, 10, 1, 100,
                java.util.List.of(new WeightRuleSettings(null, "az=us-east-1a", null, 5))));
    }

    @Test
    void aWeightRuleNeedsOneMatcherAndAWeightInRange() {
        String text = WATCH_API + """
                    weight:
                      scale: 0
                      rules:
                        - { tag: canary, meta: "a=b", weight: 300 }
                """;
        assertThatThrownBy(() -> loader.parse("g.yaml", text))
                .hasMessage(String.join("\n",
                        "g.yaml:9:7: watch[0].weight.scale: must be 1 or more",
                        "g.yaml:11:11: watch[0].weight.rules[0]: needs exactly one of 'tag', 'label', 'meta'",
                        "g.yaml:11:39: watch[0].weight.rules[0].weight: must be 0 to 256, got 300"));
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        String text = "balancer:\n  socket: /tmp/a.sock\nwatch:\n  - { service: api, backend: be_api }\n  - { service: \"db }\n";
        assertThatThrownBy(() -> loader.parse("bad.yaml", text))
                .isInstanceOf(ConfigException.class)
                .hasMessage("bad.yaml:6:1: malformed YAML: found unexpected end of stream"
                        + " (while scanning a quoted scalar that starts at 5:16)");
    }

    @Test
    void unknownKeyIsAnErrorWithItsPlace() {
        String text = "balancer:\n  socket: /tmp/a.sock\nwatch:\n  - service: api\n    backend: be_api\n    registery: zk\n";
        assertThatThrownBy(() -> loader.parse("g.yaml", text))
                .hasMessageStartingWith("g.yaml:6:5: watch[0].registery: unknown key 'registery' (known here: ")
                .hasMessageContaining("registry");
    }

    @Test
    void unknownTopLevelKey() {
        assertThatThrownBy(() -> loader.parse("g.yaml", "balancer: { socket: /tmp/a.sock }\nstatsu: 1\n"))
                .hasMessageStartingWith("g.yaml:2:1: statsu: unknown key 'statsu'");
    }

    @Test
    void referenceToAMissingRegistryPointsAtTheKey() {
        String text = """
                balancer: { socket: /tmp/a.sock }
                registries:
                  zk: { type: zookeeper, connect: "127.0.0.1:2181" }
                watch:
                  - { service: api, registry: zk, path: /services/api, backend: be_api }
                  - service: db
                    registry: consull
                    name: db
                    backend: be_db
                """;
        assertThatThrownBy(() -> loader.parse("g.yaml", text))
                .hasMessage("g.yaml:7:5: watch[1].registry: no registry named 'consull' (defined: [zk])");
    }

    @Test
    void unknownRegistryTypeAndBadDuration() {
        assertThatThrownBy(() -> loader.parse("g.yaml", "balancer: { socket: /tmp/a.sock }\nregistries:\n  x: { type: etcd }\n"))
                .hasMessageMatching("g\\.yaml:3:[0-9]+: registries\\.x: unknown type 'etcd' \\(zookeeper or consul\\)");
        String duration = "balancer: { socket: /tmp/a.sock }\nregistries:\n  zk: { type: zookeeper, connect: \"h:1\", session_timeout: 10 }\n";
        assertThatThrownBy(() -> loader.parse("g.yaml", duration))
                .hasMessageContaining("g.yaml:3:")
                .hasMessageContaining("registries.zk.session_timeout: '10' is not a duration");
    }

    @Test
    void requiredKeysAndRanges() {
        assertThatThrownBy(() -> loader.parse("g.yaml", "status: 127.0.0.1:9901\n"))
                .hasMessage("g.yaml:1:1: balancer: is required: give at least 'socket' (a unix path or host:port)");
        String check = """
                balancer: { socket: 127.0.0.1:9999 }
                registries: { zk: { type: zookeeper, connect: "127.0.0.1:2181" } }
                register:
                  - { service: web, registry: zk, path: /services/web, host: 10.0.0.5, port: 8080,
                      checks: [ { type: ftp } ] }
                """;
        assertThatThrownBy(() -> loader.parse("g.yaml", check))
                .hasMessageMatching("g\\.yaml:5:[0-9]+: register\\[0]\\.checks\\[0]\\.type: unknown check type 'ftp' \\(http, tcp or command\\)");
    }

    @Test
    void emptyFileAndMissingFile() {
        assertThatThrownBy(() -> loader.parse("e.yaml", "  \n")).hasMessageStartingWith("e.yaml:1:1: the file is empty");
        assertThatThrownBy(() -> loader.load(java.nio.file.Path.of("/nonexistent/ganglion.yaml")))
                .hasMessage("/nonexistent/ganglion.yaml: no such file");
    }

    @Test
    void policyOverridesAreRead() throws Exception {
        String text = WATCH_API + """
                    managed: true
                    policy: { max_shrink_share: 0.3, confirm_delay: 500ms, max_removals_per_cycle: 2, drain_timeout: 1m }
                """;
        WatchSettings watch = loader.parse("g.yaml", text).watch().get(0);
        assertThat(watch.managed()).isTrue();
        assertThat(watch.policy()).isEqualTo(new PolicySettings(0.3, Duration.ofMillis(500), 2, Duration.ofMinutes(1), null, null));
        assertThat(List.of(watch.tags())).containsExactly(List.of());
    }

    static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
