package io.ganglion.balancer.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ConfigException;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.StatsSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package is found from its descriptor alone: {@link GreetingTestModule} is named in no Java
 * list, only in the {@code META-INF/services} of a test resource folder put on a class loader, and
 * its config keyword and socket command work in a running balancer.
 */
class ModuleDiscoveryTest {
    @TempDir
    Path dir;

    private static BalancerModules withTestModule() {
        return withModulesOf("/module-discovery/");
    }

    /** The installed modules and those named in the services file under {@code folder} (a test resource). */
    private static BalancerModules withModulesOf(String folder) {
        URL url = ModuleDiscoveryTest.class.getResource(folder);
        return BalancerModules.discover(new URLClassLoader(new URL[] {url}, ModuleDiscoveryTest.class.getClassLoader()));
    }

    private String config() {
        return """
                global
                    stats socket %s level admin
                listen app
                    bind 127.0.0.1:%d
                    test-greeting hello
                    server s1 127.0.0.1:%d test-tag blue
                """.formatted(dir.resolve("admin.sock"), Ports.free(), Ports.free());
    }

    @Test
    void theBalancersOwnPackagesAreFoundWithoutTheTestModule() {
        assertThat(BalancerModules.installed().modules()).extracting(BalancerModule::name)
                .contains("check", "config", "lb", "proxy", "runtime", "server", "session", "state", "stats")
                .doesNotContain("greeting-test");
        assertThat(withTestModule().modules()).extracting(BalancerModule::name).contains("greeting-test", "server");
    }

    @Test
    void twoPackagesDeclaringOneKeywordAreRefusedAtDiscovery() {
        assertThatThrownBy(() -> withModulesOf("/module-clash/"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("config keyword 'balance' of lb is already declared by clash-test");
    }

    @Test
    void aKeywordOfAnUndiscoveredModuleIsUnknown() {
        assertThatThrownBy(() -> ConfigParser.load("t.cfg", config(), BalancerModules.installed()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.cfg:5")
                .hasMessageContaining("unknown keyword 'test-greeting' in 'listen' section");
    }

    /** A balancer running {@link #config()} with the test module's keywords and commands. */
    private Balancer startWithTestModule() throws Exception {
        BalancerModules modules = withTestModule();
        BalancerConfig config = ConfigParser.load("t.cfg", config(), modules).config();
        return Balancer.start(config, modules);
    }

    @Test
    void aDiscoveredModulesKeywordAndCommandWork() throws Exception {
        try (Balancer b = startWithTestModule()) {
            Path socket = dir.resolve("admin.sock");
            assertThat(StatsSocket.send(socket, "test-greeting app")).isEqualTo("hello\n\n");
            assertThat(StatsSocket.send(socket, "test-greeting nope")).isEqualTo("No such proxy.\n\n");
            assertThat(StatsSocket.send(socket, "test-tag app/s1")).isEqualTo("blue\n\n");
        }
    }

    @Test
    void addServerTakesTheServerOptionsOfEveryDiscoveredModule() throws Exception {
        try (Balancer b = startWithTestModule()) {
            Path socket = dir.resolve("admin.sock");
            String add = "add server app/s2 127.0.0.1:" + Ports.free() + " weight 3 test-tag green";
            assertThat(StatsSocket.send(socket, add))
                    .isEqualTo("New server registered.\n\n");
            assertThat(StatsSocket.send(socket, "test-tag app/s2")).isEqualTo("green\n\n");
            assertThat(StatsSocket.send(socket, "add server app/s3 127.0.0.1:1 test-tag"))
                    .isEqualTo("'test-tag' expects a word.\n\n");
        }
    }

    @Test
    void withoutTheModuleItsServerOptionIsUnknownOnTheSocketToo() throws Exception {
        String text = config().replace("    test-greeting hello\n", "").replace(" test-tag blue", "");
        try (Balancer b = Balancer.start(ConfigParser.load("t.cfg", text, BalancerModules.installed()).config())) {
            assertThat(StatsSocket.send(dir.resolve("admin.sock"), "add server app/s2 127.0.0.1:1 test-tag green"))
                    .isEqualTo("unknown keyword 'test-tag'.\n\n");
        }
    }
}
