package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.OpensslClient;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.TestPki;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bind options set on the TLS library ({@code ciphers}, {@code curves}, {@code no-tls-tickets},
 * {@code no-tlsv1x}, {@code force-tlsv1x}, {@code crl-file}) seen by {@code openssl s_client}: the
 * same clients against HAProxy 2.6 and the balancer on one configuration get the same outcome.
 */
class TlsLibraryOptionsComparisonTest {
    /** Each frontend's bind options after {@code ssl crt server.pem}. */
    private static final Map<String, String> FRONTENDS = new LinkedHashMap<>();

    static {
        FRONTENDS.put("ciphers", "ssl-max-ver TLSv1.2 ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384");
        FRONTENDS.put("curves", "curves P-384:X25519");
        FRONTENDS.put("notickets", "no-tls-tickets");
        FRONTENDS.put("notls13", "no-tlsv13");
        FRONTENDS.put("force12", "force-tlsv12");
        FRONTENDS.put("crl", "ca-file %s verify required crl-file %s");
    }

    private static final Pattern CIPHER = Pattern.compile("Cipher is (\\S+)");
    private static final Pattern BODY = Pattern.compile("\\[(proto=[^]]*)]");

    @TempDir
    Path dir;

    /** The frontends of the test running, and what its global section adds. */
    private Map<String, String> frontends = FRONTENDS;
    private String global = "";
    private Map<String, Integer> haproxyPorts = ports();
    private Map<String, Integer> ourPorts = ports();

    private Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        frontends.keySet().forEach(name -> ports.put(name, Ports.free()));
        return ports;
    }

    private String config(Path socket) {
        TestPki pki = TestPki.shared();
        Map<String, Integer> ports = socket.getFileName().toString().startsWith("haproxy") ? haproxyPorts : ourPorts;
        StringBuilder config = new StringBuilder("""
                global
                    stats socket %s level admin
                %s
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 2s
                    timeout server 5s
                """.formatted(socket, global));
        frontends.forEach((name, options) -> config.append("""
                frontend fe_%s
                    bind 127.0.0.1:%d ssl crt %s %s
                    http-request return status 200 content-type text/plain lf-string "[proto=%%[ssl_fc_protocol] client=%%[ssl_c_s_dn]]"
                """.formatted(name, ports.get(name), pki.path("server.pem"),
                options.formatted(pki.path("ca.pem"), pki.path("crl.pem")))));
        return config.toString();
    }

    @Test
    void clientsSeeWhatHaproxyShowsThem() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and is the client");
        TestPki.shared();
        try (SameConfigPair pair = SameConfigPair.start(dir, this::config)) {
            Map<String, String> theirs = probes(haproxyPorts, "h");
            Map<String, String> ours = probes(ourPorts, "o");
            assertThat(ours).isEqualTo(theirs);
            // Known difference: OpenSSL still resumes TLS 1.3 through its session cache ("stateful"
            // tickets); BoringSSL has no TLS 1.3 resumption without tickets, so none is offered.
            assertThat(OpensslClient.request(ourPorts.get("notickets"), "-tls1_3", null, null).output())
                    .doesNotContain("TLS session ticket:");
            assertThat(ours).containsEntry("ciphers: CHACHA20 refused", "refused")
                    .containsEntry("crl: revoked", "refused");
        }
    }

    /**
     * {@code ssl-default-bind-*}: every ssl line starts from them, and its own options replace them
     * ({@code fe_own} writes its ciphers and versions).
     */
    @Test
    void globalDefaultsApplyUnderEachLinesOwnOptions() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and is the client");
        global = String.join("\n    ",
                "ssl-default-bind-options prefer-client-ciphers no-tls-tickets ssl-min-ver TLSv1.2",
                "ssl-default-bind-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384",
                "ssl-default-bind-curves X25519:P-256",
                "ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256",
                "tune.ssl.default-dh-param 2048");
        frontends = new LinkedHashMap<>(Map.of("defaults", "", "own", "ciphers ECDHE-ECDSA-CHACHA20-POLY1305 ssl-max-ver TLSv1.2"));
        haproxyPorts = ports();
        ourPorts = ports();
        try (SameConfigPair pair = SameConfigPair.start(dir, this::config)) {
            Map<String, String> theirs = defaultsProbes(haproxyPorts);
            Map<String, String> ours = defaultsProbes(ourPorts);
            assertThat(ours).isEqualTo(theirs);
            assertThat(ours).containsEntry("own: AES128 refused", "refused");
        }
    }

    private Map<String, String> defaultsProbes(Map<String, Integer> ports) throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        int defaults = ports.get("defaults");
        seen.put("defaults: client's order", outcome(defaults, "-tls1_2", "-cipher",
                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"));
        seen.put("defaults: CHACHA20 refused", outcome(defaults, "-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"));
        seen.put("defaults: P-384 refused", outcome(defaults, "-tls1_3", "-curves", "P-384"));
        seen.put("defaults: P-256", outcome(defaults, "-tls1_3", "-curves", "P-256"));
        seen.put("defaults: ticket given", String.valueOf(OpensslClient.request(defaults, "-tls1_2", null, null).output()
                .contains("TLS session ticket:")));
        seen.put("own: AES128 refused", outcome(ports.get("own"), "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"));
        seen.put("own: CHACHA20", outcome(ports.get("own"), "-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"));
        seen.put("own: 1.3 refused", outcome(ports.get("own"), "-tls1_3"));
        return seen;
    }

    private Map<String, String> probes(Map<String, Integer> ports, String side) throws Exception {
        TestPki pki = TestPki.shared();
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("ciphers: AES128", outcome(ports.get("ciphers"), "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"));
        seen.put("ciphers: CHACHA20 refused", outcome(ports.get("ciphers"), "-tls1_2", "-cipher",
                "ECDHE-ECDSA-CHACHA20-POLY1305"));
        seen.put("ciphers: server order", outcome(ports.get("ciphers"), "-tls1_2", "-cipher",
                "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"));
        seen.put("curves: P-256 only", outcome(ports.get("curves"), "-tls1_3", "-curves", "P-256"));
        seen.put("curves: P-384", outcome(ports.get("curves"), "-tls1_3", "-curves", "P-384"));
        seen.put("curves: X25519", outcome(ports.get("curves"), "-tls1_3", "-curves", "X25519"));
        Path session = dir.resolve(side + ".sess");
        OpensslClient.Outcome first = OpensslClient.request(ports.get("notickets"), "-tls1_2", null, session);
        seen.put("notickets: ticket given", String.valueOf(first.output().contains("TLS session ticket:")));
        seen.put("notickets: 1.2 resumed by session id", OpensslClient.request(ports.get("notickets"), "-tls1_2", session,
                null).session());
        seen.put("notls13: 1.3", outcome(ports.get("notls13"), "-tls1_3"));
        seen.put("notls13: 1.2", outcome(ports.get("notls13"), "-tls1_2"));
        seen.put("force12: 1.3", outcome(ports.get("force12"), "-tls1_3"));
        seen.put("force12: 1.2", outcome(ports.get("force12"), "-tls1_2"));
        seen.put("crl: good", outcome(ports.get("crl"), "-tls1_3", "-cert", pki.path("client.pem")));
        seen.put("crl: revoked", outcome(ports.get("crl"), "-tls1_3", "-cert", pki.path("revoked.pem")));
        seen.put("crl: revoked 1.2", outcome(ports.get("crl"), "-tls1_2", "-cert", pki.path("revoked.pem")));
        return seen;
    }

    /** The answer's body and the TLS 1.2 cipher, or {@code refused} when no answer came. */
    private static String outcome(int port, String... options) throws Exception {
        String out = OpensslClient.request(port, List.of(options), "/").output();
        Matcher body = BODY.matcher(out);
        if (!body.find()) {
            return "refused";
        }
        List<String> facts = new ArrayList<>(List.of(body.group(1)));
        Matcher cipher = CIPHER.matcher(out);
        if (List.of(options).contains("-tls1_2") && cipher.find()) {
            facts.add(cipher.group(1));
        }
        return String.join(" ", facts);
    }
}
