package io.ganglion.balancer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http-response} rules (the backend's, then the frontend's) on one keep-alive connection,
 * compared with HAProxy 2.6: {@code deny} (its 502 page), {@code set-status}, header rewrites,
 * a variable set by the request rules.
 */
class HttpResponseRulesTest {
    @TempDir
    Path dir;

    @Test
    void responseRulesAnswerAsHaproxy() throws Exception {
        int haproxyPort = Ports.free();
        int ourPort = Ports.free();
        try (TestHttpBackend server = new TestHttpBackend("app");
                SameConfigPair pair = SameConfigPair.start(dir, socket -> RuleConfigs.withSocket(socket) + """
                        frontend f
                            bind 127.0.0.1:%d
                            http-request set-var(txn.p) path
                            http-response deny if { var(txn.p) -m str /rdeny }
                            http-response set-status 201 reason Made if { var(txn.p) -m str /created }
                            http-response set-header X-Seen %%[var(txn.p)]
                            http-response del-header X-Be
                            default_backend b
                        backend b
                            http-response set-header X-Be yes
                            http-response add-header X-Be-Status %%[status]
                            server s 127.0.0.1:%d
                        """.formatted(socket.getFileName().toString().startsWith("haproxy") ? haproxyPort : ourPort,
                        server.port()))) {
            List<String> paths = List.of("/a", "/rdeny", "/created", "/b");
            assertThat(run(ourPort, paths)).isEqualTo(run(haproxyPort, paths));
        }
    }

    /** Each answer's status line, its rule-set headers (lower-cased names) and body. */
    private static List<String> run(int port, List<String> paths) throws Exception {
        List<String> out = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            for (String path : paths) {
                s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = RawHttp.readResponse(s.getInputStream());
                StringBuilder kept = new StringBuilder();
                for (String line : answer.split("\r\n")) {
                    String l = line.toLowerCase(Locale.ROOT);
                    if (line.startsWith("HTTP/") || l.startsWith("x-") || l.startsWith("content-type")) {
                        kept.append(line.startsWith("HTTP/") ? line : l).append(" | ");
                    }
                }
                out.add(kept + answer.substring(answer.indexOf("\r\n\r\n") + 4));
            }
        }
        return out;
    }
}
