package io.ganglion.balancer.stats.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin form's body as the connection carries it: read in pieces however it arrives, the
 * connection kept for the next request, a body over HAProxy's buffer answered {@code EXCD}, and a
 * body that stops coming cut at {@code timeout client}.
 */
class StatsPageFormTest {
    private static TestHttpBackend web;
    private static RunningBalancer balancer;

    @BeforeAll
    static void start() throws Exception {
        web = new TestHttpBackend("web1");
        balancer = RunningBalancer.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 1s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    stats uri /st
                    stats admin if TRUE
                    default_backend be
                backend be
                    server web1 127.0.0.1:%d
                """.formatted(web.port()));
    }

    @AfterAll
    static void stop() {
        if (balancer != null) {
            balancer.close();
        }
        if (web != null) {
            web.close();
        }
    }

    private static Socket connect() throws Exception {
        Socket s = new Socket();
        s.setSoTimeout(10_000);
        s.connect(new InetSocketAddress("127.0.0.1", balancer.port()), 5_000);
        return s;
    }

    @Test
    void aBodyInPiecesIsReadWholeAndTheConnectionGoesOn() throws Exception {
        String body = "s=web1&action=drain&b=%233";
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST /st HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body.substring(0, 5)).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            out.write(body.substring(5).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(RawHttp.readResponse(in)).startsWith("HTTP/1.1 303 See Other\r\n").contains("location: /st;st=DONE\r\n");
            out.write("GET /st;csv HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(RawHttp.readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").contains("\nbe,web1,");
        }
        assertThat(balancer.server("be", "web1").settings().effectiveAdmin().name()).isEqualTo("DRAIN");
        balancer.server("be", "web1").update(st -> st.withAdmin(io.ganglion.balancer.server.AdminState.READY), "test");
    }

    @Test
    void aBodyOverTheBufferIsRefusedWithExcd() throws Exception {
        String body = "s=web1&action=maint&b=%233&pad=" + "x".repeat(20_000);
        String answer = RawHttp.exchange("127.0.0.1", balancer.port(), "POST /st HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(answer).startsWith("HTTP/1.1 303 See Other\r\n").contains("location: /st;st=EXCD\r\n");
        assertThat(balancer.server("be", "web1").settings().effectiveAdmin().name()).isEqualTo("READY");
    }

    @Test
    void aBodyThatStopsComingIsCutAtTheClientTimeout() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /st HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ns=web1")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            // the balancer closes the connection (timeout client 1s); the read ends rather than waiting 10 s
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }
}
