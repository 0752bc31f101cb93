package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code server ... ssl} line HAProxy 2.6 refuses is refused with its alert at the same
 * {@code file:line} ({@code haproxy -c} on the same file is the reference), and the lines it takes
 * are taken. HAProxy writes these server alerts without its "parsing " word, as it writes every
 * server option's; the balancer writes "parsing " before all of them (a known difference of the
 * config package), left aside here.
 */
class ServerTlsConfigErrorsTest {
    @TempDir
    Path dir;

    private static String config(String serverOptions) {
        return """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                backend be
                    server web1 127.0.0.1:1 %s
                """.formatted(serverOptions);
    }

    @Test
    void serverTlsOptionsAreRefusedAsHaproxyRefusesThem() throws Exception {
        HaproxyProcess.requireInstalled();
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        TestPki pki = TestPki.shared();
        List<String> lines = List.of(
                "ssl",
                "ssl verify required",
                "check-ssl check",
                "ssl verify bogus",
                "ssl verify none sni",
                "ssl verify none sni foo(bar)",
                "ssl verify none alpn",
                "ssl verify none ca-file " + dir.resolve("missing.pem"));
        for (String line : lines) {
            String config = config(line);
            assertThat(ConfigCheckAlerts.text(ConfigCheckAlerts.ours(config).get(0)).replaceFirst("^parsing ", ""))
                    .as(line).isEqualTo(ConfigCheckAlerts.haproxys(dir, config));
        }
    }

    @Test
    void serverTlsOptionsHaproxyTakesAreTaken() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        TestPki pki = TestPki.shared();
        for (String line : List.of("ssl verify none", "ssl ca-file " + pki.path("ca.pem"),
                "ssl verify required ca-file " + pki.path("ca.pem") + " sni req.hdr(host) alpn h2,http/1.1 no-ssl-reuse",
                "ssl verify none crt " + pki.path("client.pem") + " sni str(a.example.test) check check-ssl",
                "no-ssl check-ssl verify none")) {
            ConfigParser.parse("one.cfg", config(line));
        }
    }
}
