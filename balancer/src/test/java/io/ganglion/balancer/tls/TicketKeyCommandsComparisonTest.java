package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show tls-keys} and {@code set ssl tls-key} answer as HAProxy 2.6 on the same configuration
 * (captures 286-302, and more ids and files than the captures have): two files, one of them named
 * by two listeners (one reference, as in HAProxy), every error, a user-level socket. Skipped
 * without HAProxy.
 */
class TicketKeyCommandsComparisonTest {
    @TempDir
    Path dir;

    private String config(Path socket, Path shared, Path other) {
        TestPki pki = TestPki.shared();
        String crt = pki.path("server.pem");
        return """
                global
                    stats socket %s level admin
                    stats socket %s.user level user
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe_tls
                    bind 127.0.0.1:%d ssl crt %s tls-ticket-keys %s
                    bind 127.0.0.1:%d ssl crt %s tls-ticket-keys %s
                    default_backend be
                frontend fe_other
                    bind 127.0.0.1:%d ssl crt %s tls-ticket-keys %s
                    default_backend be
                backend be
                    server web1 127.0.0.1:1
                """.formatted(socket, socket, Ports.free(), crt, shared, Ports.free(), crt, other, Ports.free(), crt, shared);
    }

    @Test
    void answersAsHaproxy() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        Path shared = dir.resolve("tls-ticket-keys");
        Path other = dir.resolve("other-keys");
        Files.write(shared, List.of(TestPki.newTicketKey(), TestPki.newTicketKey(), TestPki.newTicketKey(), TestPki.newTicketKey()));
        Files.write(other, List.of(TestPki.newTicketKey(), TestPki.newTicketKey(), TestPki.newTicketKey()));
        String key = TestPki.newTicketKey();
        String key2 = TestPki.newTicketKey();
        List<String> commands = List.of(
                "show tls-keys", "show tls-keys *", "show tls-keys #0", "show tls-keys #1", "show tls-keys " + other,
                "show tls-keys 0", "show tls-keys #7", "show tls-keys #x", "show tls-keys #", "show tls-keys #00",
                "show tls-keys #0x", "show tls-keys #+1", "show tls-keys #4294967296", "show tls-keys #-",
                "set ssl tls-key #0 " + key, "show tls-keys #0",
                "set ssl tls-key " + other + " " + key2, "show tls-keys *",
                "set ssl tls-key 0 " + key, "set ssl tls-key #0 not*base64", "set ssl tls-key #0 AAAA",
                "set ssl tls-key #0", "set ssl tls-key", "set ssl tls-key #9 " + key);
        try (SameConfigPair pair = SameConfigPair.start(dir, s -> config(s, shared, other))) {
            for (String c : commands) {
                assertThat(ask(pair.ourSocket(), c)).as(c).isEqualTo(ask(pair.haproxySocket(), c));
            }
            for (String c : List.of("set ssl tls-key #1 " + key, "show tls-keys #1")) {
                assertThat(ask(Path.of(pair.ourSocket() + ".user"), c)).as("user level: " + c)
                        .isEqualTo(ask(Path.of(pair.haproxySocket() + ".user"), c));
            }
        }
    }

    @Test
    void aesTwoFiftySixKeysAreRefusedBecauseBoringSslTakesFortyEightBytes() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI");
        Path keys = dir.resolve("k");
        Files.write(keys, List.of(TestPki.newTicketKey(), TestPki.newTicketKey(), TestPki.newTicketKey()));
        String eighty = Base64.getEncoder().encodeToString(new byte[80]);
        Path socket = dir.resolve("g.sock");
        try (var b = io.ganglion.balancer.testing.RunningBalancer.start(config(socket, keys, keys))) {
            assertThat(StatsSocket.send(socket, "set ssl tls-key #0 " + eighty))
                    .isEqualTo("'set ssl tls-key' received a key of wrong size.\n\n");
        }
        Files.write(keys, List.of(eighty, eighty, eighty));
        assertThat(io.ganglion.balancer.testing.ConfigCheckAlerts.text(
                io.ganglion.balancer.testing.ConfigCheckAlerts.ours(config(socket, keys, keys)).get(0)))
                .endsWith("'" + keys + "' : 80-byte (AES-256) key on line 1 not supported: BoringSSL's ticket keys are 48 bytes");
    }

    /** The answer without its final blank line, which HAProxy leaves out after some answers. */
    private static String ask(Path socket, String command) throws Exception {
        return StatsSocket.send(socket, command).replaceFirst("\n\n$", "\n");
    }
}
