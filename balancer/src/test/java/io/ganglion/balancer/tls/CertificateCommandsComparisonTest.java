package io.ganglion.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.OcspTestPki;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show/new/set/commit/abort/del ssl cert} asked of a live HAProxy 2.6 and of the balancer on
 * the same configuration and files, in one sequence (there is one transaction at a time), answer
 * for answer; the files are the same, so serials, dates and fingerprints need no mask.
 */
class CertificateCommandsComparisonTest {

    @TempDir
    static Path dir;
    static OcspTestPki pki;
    static SameConfigPair pair;

    @BeforeAll
    static void start() throws Exception {
        pki = OcspTestPki.shared();
        pair = SameConfigPair.start(dir, socket -> """
                global
                    stats socket %s level admin
                    stats socket %s.user level user
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 1s
                frontend fe_tls
                    bind 127.0.0.1:%d ssl crt %s
                    default_backend be_app
                backend be_app
                    server web1 127.0.0.1:%d
                """.formatted(socket, socket, Ports.free(), pki.file("server.pem"), Ports.free()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /**
     * Stricter than HAProxy 2.6.12, which answers "Transaction updated" for the open transaction
     * and loads the other file's payload into it: refused, the open transaction unchanged.
     */
    @Test
    void aSetOfAnotherFileWhileATransactionIsOpenIsRefused() throws Exception {
        String server = pki.file("server.pem").toString();
        String fresh = dir.resolve("other-fresh.pem").toString();
        Path ours = pair.ourSocket();
        assertThat(StatsSocket.send(ours, "new ssl cert " + fresh)).isEqualTo("New empty certificate store '" + fresh + "'!\n\n");
        assertThat(StatsSocket.send(ours, "set ssl cert " + fresh + payload("other.pem")))
                .isEqualTo("Transaction created for certificate " + fresh + "!\n\n");
        String open = StatsSocket.send(ours, "show ssl cert *" + fresh);
        assertThat(StatsSocket.send(ours, "set ssl cert " + server + payload("server.pem")))
                .isEqualTo("The ongoing transaction is about '" + fresh + "' but you are trying to set '" + server
                        + "'\nCan't update " + server + "!\n\n");
        assertThat(StatsSocket.send(ours, "show ssl cert *" + fresh)).isEqualTo(open);
        assertThat(StatsSocket.send(ours, "abort ssl cert " + fresh)).isEqualTo("Transaction aborted for certificate '" + fresh + "'!\n\n");
        assertThat(StatsSocket.send(ours, "del ssl cert " + fresh)).isEqualTo("Certificate '" + fresh + "' deleted!\n\n");
    }

    static void assertSame(String command) throws Exception {
        String theirs = StatsSocket.send(pair.haproxySocket(), command);
        assertThat(StatsSocket.send(pair.ourSocket(), command)).as(command).isEqualTo(theirs);
    }

    static String payload(String... files) throws Exception {
        StringBuilder out = new StringBuilder(" <<\n");
        for (String f : files) {
            out.append(Files.readString(pki.file(f)).strip()).append('\n');
        }
        return out.toString();
    }

    @Test
    void transactionsAnswerAsHaproxys() throws Exception {
        String server = pki.file("server.pem").toString();
        String fresh = dir.resolve("fresh.pem").toString();
        assertThat(StatsSocket.send(Path.of(pair.ourSocket() + ".user"), "show ssl cert"))
                .isEqualTo(StatsSocket.send(Path.of(pair.haproxySocket() + ".user"), "show ssl cert"));
        for (String command : new String[] {
            "show ssl cert", "show ssl cert " + server, "show ssl cert " + fresh, "show ssl cert *" + server,
            "new ssl cert", "new ssl cert " + fresh, "new ssl cert " + fresh, "new ssl cert " + server,
            "show ssl cert", "show ssl cert " + fresh,
            "set ssl cert " + fresh, "set ssl cert " + fresh + payload("other.pem"),
            "show ssl cert", "show ssl cert *" + fresh, "show ssl cert " + fresh,
            "commit ssl cert " + server, "abort ssl cert " + server, "set ssl cert " + fresh + payload("other.pem"),
            "set ssl cert " + fresh + payload("other.pem", "other-ca.pem"), "show ssl cert *" + fresh,
            "set ssl cert " + fresh + ".key" + payload("other.key"), "set ssl cert " + fresh + ".key <<\nno key\n",
            "set ssl cert " + fresh + ".issuer" + payload("other-ca.pem"), "show ssl cert *" + fresh,
            "commit ssl cert " + fresh, "show ssl cert " + fresh, "show ssl cert",
            "set ssl cert " + server + payload("server.crt"), "commit ssl cert " + server,
            "set ssl cert " + server + payload("other.crt", "server.key"), "commit ssl cert " + server,
            "set ssl cert " + server + ".ocsp <<\n" + Base64.getEncoder().encodeToString(pki.bytes("second.ocsp.der")) + "\n",
            "show ssl cert *" + server, "abort ssl cert " + server, "abort ssl cert " + server,
            "commit ssl cert " + server,
            "set ssl cert " + dir.resolve("nope.pem") + payload("other.pem"),
            "set ssl cert " + server + " <<\nnot a pem\n",
            "del ssl cert " + server, "del ssl cert " + fresh, "del ssl cert " + fresh,
            "set ssl cert " + server + payload("other.pem"), "commit ssl cert " + server,
            "show ssl cert " + server, "show ssl cert",
            "show ssl crt-list", "show ssl crt-list -n", "show ssl crt-list " + server, "show ssl crt-list -n " + server,
        }) {
            assertSame(command);
        }
    }
}
