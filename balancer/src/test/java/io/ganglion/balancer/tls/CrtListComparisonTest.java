package io.ganglion.balancer.tls;

import static io.ganglion.balancer.testing.RequiredTool.require;
import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.OpensslClient;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crt-list FILE} (per-line options, SNI filters with wildcards and negations) and
 * {@code crt DIR}: the certificate and options a client gets for each name, and
 * {@code show ssl crt-list}'s answers, the same from HAProxy 2.6 and the balancer on one config.
 */
class CrtListComparisonTest {
    private static final Pattern SUBJECT = Pattern.compile("(?m)^subject=(.*)$");
    private static final Pattern BODY = Pattern.compile("\\[(proto=[^]]*)]");
    private static final Pattern CIPHER = Pattern.compile("Cipher is (\\S+)");

    @TempDir
    Path dir;

    private final int haproxyList = Ports.free();
    private final int ourList = Ports.free();
    private final int haproxyDir = Ports.free();
    private final int ourDir = Ports.free();
    private final int haproxyOther = Ports.free();
    private final int ourOther = Ports.free();

    private Path list;
    private Path certs;

    private String config(Path socket) {
        boolean haproxy = socket.getFileName().toString().startsWith("haproxy");
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 2s
                    timeout server 5s
                frontend fe_list
                    bind 127.0.0.1:%d ssl crt-list %s
                    http-request return status 200 content-type text/plain lf-string "[proto=%%[ssl_fc_protocol] alpn=%%[ssl_fc_alpn] client=%%[ssl_c_s_dn]]"
                frontend fe_dir
                    bind 127.0.0.1:%d ssl crt %s
                    http-request return status 200 content-type text/plain lf-string "[proto=%%[ssl_fc_protocol]]"
                frontend fe_other
                    bind 127.0.0.1:%d ssl crt %s
                    http-request return status 200 content-type text/plain lf-string "[proto=%%[ssl_fc_protocol]]"
                """.formatted(socket, haproxy ? haproxyList : ourList, list, haproxy ? haproxyDir : ourDir, certs,
                haproxy ? haproxyOther : ourOther, TestPki.shared().path("rsa.pem"));
    }

    @Test
    void namesOptionsAndListingAsHaproxy() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and is the client");
        TestPki pki = TestPki.shared();
        list = dir.resolve("certs.list");
        Files.writeString(list, """
                # the first certificate answers when no filter matches
                %s

                %s [alpn http/1.1 ssl-min-ver TLSv1.3] www.test *.example.test !bad.example.test
                %s [verify optional ca-file %s ciphers ECDHE-ECDSA-AES128-GCM-SHA256] !split.test other.test
                """.formatted(pki.path("rsa.pem"), pki.path("server.pem"), pki.path("split.pem"), pki.path("ca.pem")));
        certs = Files.createDirectory(dir.resolve("certs"));
        Files.copy(Path.of(pki.path("server.pem")), certs.resolve("a.pem"));
        Files.copy(Path.of(pki.path("rsa.pem")), certs.resolve("b.pem"));
        try (SameConfigPair pair = SameConfigPair.start(dir, this::config)) {
            Map<String, String> theirs = probes(haproxyList, haproxyDir, pair.haproxySocket());
            Map<String, String> ours = probes(ourList, ourDir, pair.ourSocket());
            assertThat(ours).isEqualTo(theirs);
            assertThat(ours.get("www.test 1.3")).contains("CN = localhost");
        }
    }

    /**
     * {@code add ssl crt-list} (a loaded certificate, by name or as a whole line in a payload) and
     * {@code del ssl crt-list}: the answers, and the certificate the next handshakes get.
     */
    @Test
    void addAndDeleteAtRunTimeAsHaproxy() throws Exception {
        require(TestPki.opensslPresent(), "openssl makes the test PKI and is the client");
        TestPki pki = TestPki.shared();
        list = dir.resolve("certs.list");
        Files.writeString(list, pki.path("server.pem") + "\n");
        certs = Files.createDirectory(dir.resolve("certs"));
        Files.copy(Path.of(pki.path("split.pem")), certs.resolve("a.pem"));
        Files.copy(Path.of(pki.path("split.pem.key")), certs.resolve("a.pem.key"));
        try (SameConfigPair pair = SameConfigPair.start(dir, this::config)) {
            Map<String, String> theirs = edits(haproxyList, pair.haproxySocket());
            Map<String, String> ours = edits(ourList, pair.ourSocket());
            assertThat(ours).isEqualTo(theirs);
            assertThat(ours.get("rsa.test after add")).contains("CN = rsa.test");
        }
    }

    private Map<String, String> edits(int port, Path socket) throws Exception {
        TestPki pki = TestPki.shared();
        String rsa = pki.path("rsa.pem");
        Map<String, String> seen = new LinkedHashMap<>();
        java.util.function.Consumer<String> command = c -> {
            try {
                // the config file's name differs (haproxy.cfg, test.cfg): the line is what counts
                seen.put(c, StatsSocket.send(socket, c).replaceAll("\t- [^\n]*:", "\t- CFG:"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        command.accept("add ssl crt-list " + list + " " + dir.resolve("nope.pem"));
        command.accept("add ssl crt-list " + dir.resolve("nolist") + " " + rsa);
        command.accept("add ssl crt-list " + list);
        seen.put("rsa.test before", outcome(port, "rsa.test", "-tls1_3"));
        command.accept("add ssl crt-list " + list + " <<\n" + rsa + " [alpn http/1.1] rsa.test !x.rsa.test\n");
        command.accept("show ssl crt-list -n " + list);
        seen.put("rsa.test after add", outcome(port, "rsa.test", "-tls1_3", "-alpn", "http/1.1"));
        command.accept("add ssl crt-list " + list + " " + rsa);
        // a commit counts a dot per place serving the file: fe_other's crt and the two list lines
        command.accept("set ssl cert " + rsa + " <<\n" + Files.readString(Path.of(rsa)));
        command.accept("commit ssl cert " + rsa);
        command.accept("del ssl crt-list " + list + " " + rsa);
        command.accept("del ssl crt-list " + list + " " + rsa + ":3");
        command.accept("del ssl crt-list " + list + " " + pki.path("server.pem"));
        command.accept("del ssl crt-list " + list + " " + dir.resolve("nope.pem"));
        command.accept("del ssl crt-list " + list);
        command.accept("show ssl crt-list -n " + list);
        command.accept("del ssl crt-list " + list + " " + rsa + ":2");
        seen.put("rsa.test after del", outcome(port, "rsa.test", "-tls1_3"));
        command.accept("show ssl crt-list -n " + list);
        return seen;
    }

    private Map<String, String> probes(int listPort, int dirPort, Path socket) throws Exception {
        TestPki pki = TestPki.shared();
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("www.test 1.3", outcome(listPort, "www.test", "-tls1_3", "-alpn", "http/1.1"));
        seen.put("www.test 1.2", outcome(listPort, "www.test", "-tls1_2"));
        seen.put("a.example.test", outcome(listPort, "a.example.test", "-tls1_3"));
        seen.put("bad.example.test", outcome(listPort, "bad.example.test", "-tls1_3"));
        seen.put("localhost", outcome(listPort, "localhost", "-tls1_3"));
        seen.put("rsa.test", outcome(listPort, "rsa.test", "-tls1_3"));
        seen.put("other.test 1.2", outcome(listPort, "other.test", "-tls1_2", "-cert", pki.path("client.pem")));
        seen.put("split.test", outcome(listPort, "split.test", "-tls1_3"));
        seen.put("dir rsa.test", outcome(dirPort, "rsa.test", "-tls1_3"));
        seen.put("dir localhost", outcome(dirPort, "localhost", "-tls1_3"));
        for (String command : List.of("show ssl crt-list", "show ssl crt-list " + list, "show ssl crt-list -n " + list,
                "show ssl crt-list " + certs, "show ssl crt-list -n " + certs, "show ssl crt-list " + pki.path("rsa.pem"),
                "show ssl crt-list -n")) {
            seen.put(command, StatsSocket.send(socket, command));
        }
        return seen;
    }

    /** The server certificate's subject, the answer's body and the TLS 1.2 cipher, or {@code refused}. */
    private static String outcome(int port, String name, String... options) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("-servername", name));
        all.addAll(List.of(options));
        String out = OpensslClient.request(port, all, "/").output();
        Matcher body = BODY.matcher(out);
        if (!body.find()) {
            return "refused";
        }
        Matcher subject = SUBJECT.matcher(out);
        Matcher cipher = CIPHER.matcher(out);
        return (subject.find() ? subject.group(1) : "?") + " " + body.group(1)
                + (all.contains("-tls1_2") && cipher.find() ? " " + cipher.group(1) : "");
    }
}
