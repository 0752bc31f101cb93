package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.BalancerMain;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate, crt-list or ticket-key file that is there but cannot be read is refused with
 * HAProxy 2.6's alert. Each file is made unreadable (mode 000) and both {@code haproxy -c} and the
 * balancer's {@code -c} are run on it as a process that the mode refuses: as root, with
 * {@code setpriv} taking the capabilities that read past a file's mode out of its bounding set.
 */
class UnreadableFilesTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    static Path dir;

    @BeforeAll
    static void files() throws IOException {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        HaproxyProcess.requireInstalled();
        require(!ROOT || Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed");
        Files.copy(Path.of(TestPki.shared().path("server.pem")), dir.resolve("server.pem"));
        Files.writeString(dir.resolve("crt.list"), dir.resolve("server.pem") + "\n");
        Files.writeString(dir.resolve("ticket.keys"), TestPki.newTicketKey() + "\n" + TestPki.newTicketKey() + "\n"
                + TestPki.newTicketKey() + "\n");
        Files.copy(dir.resolve("server.pem"), dir.resolve("unreadable.pem"));
        Files.copy(dir.resolve("crt.list"), dir.resolve("unreadable.list"));
        Files.copy(dir.resolve("ticket.keys"), dir.resolve("unreadable.keys"));
        for (String name : List.of("unreadable.pem", "unreadable.list", "unreadable.keys")) {
            Files.setPosixFilePermissions(dir.resolve(name), PosixFilePermissions.fromString("---------"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ssl crt DIR/unreadable.pem",
            "ssl crt-list DIR/unreadable.list",
            "ssl crt DIR/server.pem tls-ticket-keys DIR/unreadable.keys"})
    void anUnreadableFileIsRefusedAsHaproxyRefusesIt(String bindOptions) throws Exception {
        Path config = dir.resolve("one.cfg");
        Files.writeString(config, TlsConfigErrorsTest.config(bindOptions.replace("DIR", dir.toString())));

        String haproxys = firstAlert(List.of("/usr/sbin/haproxy", "-c", "-f", config.toString()));
        String ours = firstAlert(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BalancerMain.class.getName(), "-c", "-f", config.toString()));

        assertThat(haproxys).as("haproxy -c").contains(":7] : 'bind 127.0.0.1:19443' in section 'frontend' : ");
        assertThat(ours).isEqualTo(haproxys);
    }

    /** The first alert {@code command} prints, after HAProxy's {@code [ALERT] (pid) : config : } prefix. */
    private static String firstAlert(List<String> command) throws IOException, InterruptedException {
        List<String> run = new ArrayList<>();
        if (ROOT) {
            run.addAll(List.of("/usr/bin/setpriv", "--bounding-set", "-dac_override,-dac_read_search"));
        }
        run.addAll(command);
        Process p = new ProcessBuilder(run).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> l.startsWith("[ALERT]") && l.contains(" : config : parsing ["))
                .map(l -> l.substring(l.indexOf(" : config : ") + 12)).findFirst().orElse(out);
    }
}
