package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.RunningBalancer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code option http-keep-alive|http-server-close|httpclose} in traffic: a client sends two requests
 * on one connection; what it gets (the {@code Connection} header of each response, and whether the
 * second request is answered at all) and what the server gets (the {@code Connection} header of each
 * request, and on how many connections) are the expected ones, measured on HAProxy 2.6.12, and, when
 * HAProxy is installed, the same as HAProxy's on the same configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpConnectionModeTest {
    /**
     * @param clientSees the {@code Connection} header of each response the client got ({@code -}: none)
     * @param serverSees the {@code Connection} header of each request the server got
     * @param serverConnections how many connections the server saw for them
     */
    record Seen(List<String> clientSees, List<String> serverSees, int serverConnections) {
    }

    /** One frontend (or listen) and its backend; {@code FE} and {@code BE} stand for their names' suffix. */
    record Case(String name, String proxies, String extraRequestHeader, Seen expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Seen KEPT_ALIVE = new Seen(List.of("-", "-"), List.of("-", "-"), 1);
    private static final Seen SERVER_CLOSED = new Seen(List.of("-", "-"), List.of("close", "close"), 2);
    private static final Seen CLOSED = new Seen(List.of("close"), List.of("close"), 1);

    static List<Case> cases() {
        return List.of(
                frontendBackend("keep-alive by default", "", "", KEPT_ALIVE),
                frontendBackend("frontend http-keep-alive", "option http-keep-alive", "", KEPT_ALIVE),
                frontendBackend("frontend httpclose", "option httpclose", "", CLOSED),
                frontendBackend("frontend http-server-close", "option http-server-close", "", SERVER_CLOSED),
                frontendBackend("backend http-server-close", "", "option http-server-close", SERVER_CLOSED),
                // Only the frontend decides for the client connection (configuration.txt, "option httpclose").
                frontendBackend("backend httpclose", "", "option httpclose", SERVER_CLOSED),
                frontendBackend("server-close frontend, httpclose backend", "option http-server-close", "option httpclose",
                        SERVER_CLOSED),
                frontendBackend("httpclose frontend, keep-alive backend", "option httpclose", "option http-keep-alive", CLOSED),
                new Case("listen httpclose", """
                        listen l_@
                            bind 127.0.0.1:FE_PORT
                            option httpclose
                            server s1 127.0.0.1:SRV_PORT
                        """, "", CLOSED),
                new Case("client's Connection: close in server-close", """
                        frontend f_@
                            bind 127.0.0.1:FE_PORT
                            option http-server-close
                            default_backend b_@
                        backend b_@
                            server s1 127.0.0.1:SRV_PORT
                        """, "Connection: close\r\n", CLOSED),
                new Case("defaults httpclose, 'no option httpclose' in the frontend and backend", """
                        defaults
                            mode http
                            option httpclose
                            timeout connect 1s
                            timeout client 5s
                            timeout server 5s
                        frontend f_@
                            bind 127.0.0.1:FE_PORT
                            no option httpclose
                            default_backend b_@
                        backend b_@
                            no option httpclose
                            server s1 127.0.0.1:SRV_PORT
                        """, "", KEPT_ALIVE),
                new Case("defaults http-server-close inherited by the backend", """
                        defaults
                            mode http
                            option http-server-close
                            timeout connect 1s
                            timeout client 5s
                            timeout server 5s
                        frontend f_@
                            bind 127.0.0.1:FE_PORT
                            option http-keep-alive
                            no option httpclose
                            default_backend b_@
                        backend b_@
                            server s1 127.0.0.1:SRV_PORT
                        """, "", SERVER_CLOSED));
    }

    private static Case frontendBackend(String name, String frontendOption, String backendOption, Seen expected) {
        return new Case(name, """
                frontend f_@
                    bind 127.0.0.1:FE_PORT
                    %s
                    default_backend b_@
                backend b_@
                    %s
                    server s1 127.0.0.1:SRV_PORT
                """.formatted(frontendOption, backendOption), "", expected);
    }

    /** One proxy in front of its own servers, one per case. */
    private static final class Proxied {
        final Map<Case, Integer> ports = new LinkedHashMap<>();
        final Map<Case, RecordingHttpServer> servers = new LinkedHashMap<>();

        Proxied() {
            for (Case c : cases()) {
                ports.put(c, Ports.free());
                servers.put(c, new RecordingHttpServer());
            }
        }

        /** The cases' sections; those that bring their own {@code defaults} last, so they do not leak. */
        String config() {
            StringBuilder text = new StringBuilder("""
                    global
                        nbthread 1
                    defaults
                        mode http
                        timeout connect 1s
                        timeout client 5s
                        timeout server 5s
                    """);
            List<Case> ordered = new ArrayList<>(ports.keySet());
            ordered.sort((a, b) -> Boolean.compare(a.proxies().startsWith("defaults"), b.proxies().startsWith("defaults")));
            int n = 0;
            for (Case c : ordered) {
                text.append(c.proxies().replace("@", Integer.toString(n++))
                        .replace("FE_PORT", Integer.toString(ports.get(c)))
                        .replace("SRV_PORT", Integer.toString(servers.get(c).port())));
            }
            return text.toString();
        }

        void close() {
            servers.values().forEach(RecordingHttpServer::close);
        }
    }

    private final Proxied behindGanglion = new Proxied();
    private final Proxied behindHaproxy = new Proxied();
    private RunningBalancer ganglion;
    private HaproxyProcess haproxy;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        ganglion = RunningBalancer.start(behindGanglion.config());
        if (HaproxyProcess.isInstalled()) {
            haproxy = HaproxyProcess.start(directory, behindHaproxy.config());
            int anyPort = behindHaproxy.ports.values().iterator().next();
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                new Socket("127.0.0.1", anyPort).close();
                return true;
            });
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        ganglion.close();
        behindGanglion.close();
        behindHaproxy.close();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void asHaproxy26(Case c) throws Exception {
        Seen mine = seen(behindGanglion, c);
        assertThat(mine).isEqualTo(c.expected());
        if (haproxy != null) {
            assertThat(seen(behindHaproxy, c)).as("HAProxy 2.6 on the same configuration").isEqualTo(mine);
        } else {
            HaproxyProcess.requireInstalled();
        }
    }

    /** Two requests on one connection, the second only if the first response left it open. */
    private static Seen seen(Proxied proxied, Case c) throws IOException {
        int port = proxied.ports.get(c);
        RecordingHttpServer server = proxied.servers.get(c);
        List<String> answers = new ArrayList<>();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            for (int i = 0; i < 2; i++) {
                String connection = exchange(s, "GET /r" + i + " HTTP/1.1\r\nHost: x\r\n" + c.extraRequestHeader() + "\r\n");
                if (connection == null) {
                    break;
                }
                answers.add(connection);
            }
        }
        // Every answer came from the server: the connections it accepted for them are all counted.
        int connections = server.connectionsAccepted();
        List<String> requests = server.settle(port).stream()
                .map(r -> r.header("connection").isEmpty() ? "-" : String.join(",", r.header("connection")).toLowerCase(Locale.ROOT))
                .toList();
        return new Seen(answers, requests, connections);
    }

    /** The response's Connection header ({@code -}: none), or null when the connection was closed instead. */
    private static String exchange(Socket s, String request) throws IOException {
        try {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
            }
            String connection = "-";
            int length = 0;
            for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("connection:")) {
                    connection = lower.substring("connection:".length()).strip();
                } else if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring("content-length:".length()).strip());
                }
            }
            in.readNBytes(length);
            return connection;
        } catch (java.net.SocketException closed) {
            return null; // written to, or read from, a connection the proxy had closed
        }
    }
}
