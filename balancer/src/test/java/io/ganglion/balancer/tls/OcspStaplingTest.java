package io.ganglion.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.Problem;
import io.ganglion.balancer.testing.OcspTestPki;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling seen by {@code openssl s_client -status}: the response of {@code FILE.ocsp} is
 * stapled from the start, a response given to {@code set ssl ocsp-response} is stapled to the next
 * handshakes (its {@code Next Update} is what the client sees), and a {@code FILE.ocsp} HAProxy 2.6
 * would ignore is warned about in HAProxy's words and not stapled.
 */
class OcspStaplingTest {

    private static final Pattern NEXT_UPDATE = Pattern.compile("(?m)^\\s*Next Update: (.*)$");

    @TempDir
    static Path dir;
    static OcspTestPki pki;

    @BeforeAll
    static void pki() throws Exception {
        pki = OcspTestPki.shared();
    }

    static String config(Path socket, Path certificate) {
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 1s
                frontend fe_tls
                    bind 127.0.0.1:${PORT} ssl crt %s
                    default_backend be_app
                backend be_app
                    server web1 127.0.0.1:%d
                """.formatted(socket, certificate, Ports.free());
    }

    /** What {@code openssl s_client -status} prints of the stapled response. */
    static String status(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost",
                "-status").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }

    static String nextUpdate(String status) {
        Matcher m = NEXT_UPDATE.matcher(status);
        return m.find() ? m.group(1).trim() : "none";
    }

    @Test
    void theLoadedResponseIsStapledThenTheOneSetAtRunTime() throws Exception {
        Path socket = dir.resolve("staple.sock");
        try (RunningBalancer b = RunningBalancer.start(config(socket, pki.file("server.pem")))) {
            String loaded = status(b.port());
            assertThat(loaded).contains("OCSP Response Status: successful", "Cert Status: good");
            Instant next = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
            byte[] der = pki.serverResponse(Instant.now().minus(Duration.ofMinutes(1)), next);
            assertThat(StatsSocket.send(socket, "set ssl ocsp-response " + Base64.getEncoder().encodeToString(der)))
                    .isEqualTo("OCSP Response updated!\n\n");
            String set = nextUpdate(status(b.port()));
            assertThat(set).isNotEqualTo(nextUpdate(loaded))
                    .isEqualTo(OpensslText.time(next.atZone(ZoneOffset.UTC)));
        }
    }

    @Test
    void aFileResponseHaproxyIgnoresIsWarnedAboutAndNotStapled() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.copy(pki.file("server.pem"), bad.resolve("server.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.file("server.pem.issuer"), bad.resolve("server.pem.issuer"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.file("other.ocsp"), bad.resolve("server.pem.ocsp"), StandardCopyOption.REPLACE_EXISTING);
        Path socket = dir.resolve("bad.sock");
        String config = config(socket, bad.resolve("server.pem"));
        List<Problem> warnings = ConfigParser.load("one.cfg", config.replace("${PORT}", "1"), Map.of()).warnings();
        assertThat(warnings).extracting(p -> p.render(0)).contains("[WARNING]  (0) : config : Loading: OCSP single"
                + " response: Certificate ID does not match certificate and issuer. Content will be ignored.");
        if (HaproxyProcess.isInstalled()) {
            assertThat(haproxyCheck(config.replace("${PORT}", Integer.toString(Ports.free())))).contains(
                    "config : Loading: OCSP single response: Certificate ID does not match certificate and issuer."
                            + " Content will be ignored.");
        }
        try (RunningBalancer b = RunningBalancer.start(config)) {
            assertThat(status(b.port())).contains("OCSP response: no response sent");
            assertThat(StatsSocket.send(socket, "show ssl ocsp-response")).isEqualTo("# Certificate IDs\n\n");
        }
    }

    @Test
    void anOcspFileWithoutIssuerIsRefusedAtItsBindLine() throws Exception {
        Path lone = Files.createDirectories(dir.resolve("lone"));
        Files.copy(pki.file("server.pem"), lone.resolve("server.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.file("server.pem.ocsp"), lone.resolve("server.pem.ocsp"), StandardCopyOption.REPLACE_EXISTING);
        String config = config(dir.resolve("lone.sock"), lone.resolve("server.pem")).replace("${PORT}", "1");
        String ours = io.ganglion.balancer.testing.ConfigCheckAlerts.text(
                io.ganglion.balancer.testing.ConfigCheckAlerts.ours(config).get(0));
        assertThat(ours).isEqualTo("parsing [one.cfg:9] : 'bind 127.0.0.1:1' in section 'frontend' :  '" + lone
                + "/server.pem.ocsp' is present and activates OCSP but it is impossible to compute the OCSP certificate"
                + " ID (maybe the issuer could not be found)'.");
        if (HaproxyProcess.isInstalled()) {
            assertThat(io.ganglion.balancer.testing.ConfigCheckAlerts.haproxys(dir, config)).isEqualTo(ours);
        }
    }

    private static String haproxyCheck(String config) throws Exception {
        Path file = dir.resolve("check.cfg");
        Files.writeString(file, config);
        Process p = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
