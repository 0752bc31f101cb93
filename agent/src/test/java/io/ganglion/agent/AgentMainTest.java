package io.ganglion.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return AgentMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void checkAcceptsAValidFileAndExitsZero() throws Exception {
        Path file = Files.writeString(dir.resolve("ganglion.yaml"), """
                balancer: { socket: 127.0.0.1:9999 }
                registries: { zk: { type: zookeeper, connect: "127.0.0.1:2181" } }
                watch: [ { service: api, registry: zk, path: /services/api, backend: be_api } ]
                """);
        assertThat(run("--check", "-c", file.toString())).isEqualTo(0);
        assertThat(out.toString()).isEqualTo(file + ": OK (1 watched, 0 registered)" + System.lineSeparator());
    }

    @Test
    void checkRefusesABadFileWithExitTwoAndThePlace() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "balancer: { socket: 127.0.0.1:9999 }\nwatchs: []\n");
        assertThat(run("--check", "-c", file.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("ganglion agent: " + file + ":2:1: watchs: unknown key 'watchs'");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("--check")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void aStatusAddressAlreadyTakenIsARuntimeFailure() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path file = Files.writeString(dir.resolve("ganglion.yaml"), "balancer: { socket: " + dir.resolve("admin.sock")
                    + " }\nstatus: 127.0.0.1:" + taken.getLocalPort() + "\n");
            assertThat(run("-c", file.toString())).isEqualTo(1);
        }
    }
}
