package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.config.LoadedConfig;
import io.ganglion.balancer.testing.ConfigCheckAlerts;
import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code bind ... ssl} line HAProxy refuses is refused with HAProxy 2.6's alert, at the same
 * {@code file:line} ({@code haproxy -c} on the same file is the reference).
 */
class TlsConfigErrorsTest {
    private static TestPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        pki = TestPki.shared();
    }

    /** A frontend whose bind line (line 7) has {@code bindOptions}; also {@link UnreadableFilesTest}'s. */
    static String config(String bindOptions) {
        return config("", bindOptions);
    }

    /** With a global section holding {@code global} (the bind line then 2 lines lower). */
    private static String config(String global, String bindOptions) {
        return (global.isEmpty() ? "" : "global\n    " + global + "\n") + """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:19443 %s
                    default_backend be
                backend be
                    server web1 127.0.0.1:1
                """.formatted(bindOptions);
    }

    @Test
    void globalDefaultsAreRefusedAsHaproxyRefusesThem() throws Exception {
        HaproxyProcess.requireInstalled();
        String crt = "ssl crt " + pki.path("server.pem");
        for (List<String> c : List.of(List.of("ssl-default-bind-options", crt),
                List.of("ssl-default-bind-options no-tlsv13 bogus", crt),
                List.of("ssl-default-bind-options strict-sni", crt),
                List.of("ssl-default-bind-options ssl-min-ver", crt),
                List.of("ssl-default-bind-options no-tlsv10 ssl-max-ver TLSv9", crt),
                List.of("ssl-default-bind-options no-tlsv13 no-tlsv12", crt),
                List.of("ssl-default-bind-ciphers", crt),
                List.of("ssl-default-bind-ciphers BOGUS", crt),
                List.of("ssl-default-bind-curves bogus", crt),
                List.of("ssl-default-bind-ciphersuites bogus", crt),
                List.of("ssl-default-bind-ciphers BOGUS", crt + " ciphers ECDHE-ECDSA-AES128-GCM-SHA256 curves bogus"))) {
            String config = config(c.get(0), c.get(1));
            assertThat(ConfigCheckAlerts.text(ConfigCheckAlerts.ours(config).get(0))).as(c.toString())
                    .isEqualTo(ConfigCheckAlerts.haproxys(dir, config));
        }
    }

    @Test
    void certificateAndTicketKeyFilesAreRefusedAsHaproxyRefusesThem() throws Exception {
        HaproxyProcess.requireInstalled();
        Files.writeString(dir.resolve("one.keys"), TestPki.newTicketKey() + "\n");
        Files.writeString(dir.resolve("bad.keys"), TestPki.newTicketKey() + "\nnot*base64\n" + TestPki.newTicketKey() + "\n");
        Files.writeString(dir.resolve("short.keys"), "AAAA\n");
        Files.writeString(dir.resolve("keyword.list"), pki.path("server.pem") + " [bogus x]\n");
        Files.writeString(dir.resolve("strict.list"), "\n" + pki.path("server.pem") + " [strict-sni]\n");
        Files.writeString(dir.resolve("verify.list"), pki.path("server.pem") + " [verify maybe]\n");
        Files.writeString(dir.resolve("version.list"), pki.path("server.pem") + " [ssl-min-ver TLSv9]\n");
        Files.writeString(dir.resolve("ciphers.list"), pki.path("server.pem") + " [ciphers BOGUS]\n");
        Files.writeString(dir.resolve("missing.list"), dir.resolve("missing.pem") + "\n");
        Files.writeString(dir.resolve("empty.list"), "# nothing\n\n");
        List<String> lines = List.of(
                "ssl crt " + dir.resolve("missing.pem"),
                "ssl crt " + pki.path("mismatch.pem"),
                "ssl crt " + pki.path("keyonly.pem"),
                "ssl crt " + pki.path("server.crt"),
                "ssl crt",
                "ssl",
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys",
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("none.keys"),
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("one.keys"),
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("bad.keys"),
                "ssl crt " + pki.path("server.pem") + " tls-ticket-keys " + dir.resolve("short.keys"),
                "ssl crt " + pki.path("server.pem") + " ssl-min-ver TLSv9",
                "ssl crt " + pki.path("server.pem") + " ssl-min-ver",
                "ssl crt " + pki.path("server.pem") + " ssl-max-ver TLSv1.1 ssl-min-ver TLSv1.2",
                "ssl crt " + pki.path("server.pem") + " verify maybe",
                "ssl crt " + pki.path("server.pem") + " verify",
                "ssl crt " + pki.path("server.pem") + " verify required",
                "ssl crt " + pki.path("server.pem") + " ca-file",
                "ssl crt " + pki.path("server.pem") + " alpn",
                "ssl crt " + pki.path("server.pem") + " ciphers",
                "ssl crt " + pki.path("server.pem") + " ciphers BOGUS",
                "ssl crt " + pki.path("server.pem") + " curves",
                "ssl crt " + pki.path("server.pem") + " curves P-256:bogus",
                "ssl crt " + pki.path("server.pem") + " ciphersuites",
                "ssl crt " + pki.path("server.pem") + " ciphersuites bogus",
                "ssl crt " + pki.path("server.pem") + " ssl-max-ver TLSv1.2 ciphersuites bogus",
                "ssl crt " + pki.path("server.pem") + " crl-file",
                "ssl crt " + pki.path("server.pem") + " no-tlsv13 no-tlsv12",
                "ssl crt-list",
                "ssl crt-list " + dir.resolve("none.list"),
                "ssl crt-list " + dir.resolve("keyword.list"),
                "ssl crt-list " + dir.resolve("strict.list"),
                "ssl crt-list " + dir.resolve("verify.list"),
                "ssl crt-list " + dir.resolve("version.list"),
                "ssl crt-list " + dir.resolve("ciphers.list"),
                "ssl crt-list " + dir.resolve("missing.list"),
                "ssl crt-list " + dir.resolve("empty.list"));
        for (String line : lines) {
            String config = config(line);
            assertThat(ConfigCheckAlerts.text(ConfigCheckAlerts.ours(config).get(0))).as(line)
                    .isEqualTo(ConfigCheckAlerts.haproxys(dir, config));
        }
    }

    /**
     * BoringSSL always enables its three TLS 1.3 suites: a {@code ciphersuites} list naming them all is
     * accepted (it asks for what runs), one leaving any out is refused while TLS 1.3 is on, since the
     * suite removed would still be negotiated. HAProxy accepts both.
     */
    @Test
    void tls13SuitesBoringSslCannotDropAreRefusedNotIgnored() throws Exception {
        String all = "ciphersuites TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";
        assertThat(ConfigParser.load("one.cfg", config("ssl crt " + pki.path("server.pem") + " " + all), Map.of())
                .warnings()).isEmpty();
        assertThat(ConfigParser.load("one.cfg", config("ssl crt " + pki.path("server.pem")
                + " ssl-max-ver TLSv1.2 ciphersuites TLS_AES_128_GCM_SHA256"), Map.of()).warnings()).isEmpty();
        assertThat(ConfigCheckAlerts.text(ConfigCheckAlerts.ours(config("ssl crt " + pki.path("server.pem")
                + " ciphersuites TLS_AES_128_GCM_SHA256")).get(0))).isEqualTo("Proxy 'fe': unable to set TLS 1.3 cipher"
                + " suites to 'TLS_AES_128_GCM_SHA256' (BoringSSL always enables TLS_AES_128_GCM_SHA256,"
                + " TLS_AES_256_GCM_SHA384 and TLS_CHACHA20_POLY1305_SHA256; list all three, or disable TLSv1.3 with"
                + " 'ssl-max-ver TLSv1.2') for bind '127.0.0.1:19443' at [one.cfg:7].");
    }

    /** Lists HAProxy 2.6 with OpenSSL accepts, unknown names in them included (OpenSSL skips those). */
    @Test
    void cipherListsHaproxyAcceptsAreAccepted() throws Exception {
        for (String ciphers : List.of("ECDHE-ECDSA-AES128-GCM-SHA256:BOGUS",
                // Mozilla's "intermediate" list: BoringSSL has no DHE suites
                "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                        + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                        + "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
                "HIGH:!aNULL:!MD5", "ECDHE+AESGCM:!aNULL")) {
            assertThat(ConfigParser.load("one.cfg", config("ssl crt " + pki.path("server.pem") + " ciphers " + ciphers),
                    Map.of()).warnings()).as(ciphers).isEmpty();
        }
    }

    @Test
    void versionFlagsBesideAMinimumAreIgnoredWithHaproxysWarning() throws Exception {
        LoadedConfig loaded = ConfigParser.load("one.cfg", config("ssl crt " + pki.path("server.pem")
                + " ssl-min-ver TLSv1.2 no-tlsv13"), Map.of());
        assertThat(loaded.warnings()).extracting(ConfigCheckAlerts::text).containsExactly("Proxy 'fe':"
                + " no-sslv3/no-tlsv1x are ignored for bind '127.0.0.1:19443' at [one.cfg:7]. Use only 'ssl-min-ver'"
                + " and 'ssl-max-ver' to fix.");
    }
}
