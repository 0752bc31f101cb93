package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** maxconn and its queue, backup servers, slowstart, several and IPv6 binds. */
@Tag("serial") // alone after the parallel classes: slowstart's ramp read the moment the server is back: a paused JVM reads it further on
class ServerLimitsTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<TestHttpBackend> backends = new ArrayList<>();

    @AfterEach
    void stop() {
        backends.forEach(TestHttpBackend::close);
    }

    private TestHttpBackend backend(String name) {
        TestHttpBackend b = new TestHttpBackend(name);
        backends.add(b);
        return b;
    }

    private CompletableFuture<HttpResponse<String>> get(URI uri) {
        return client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void maxconnQueuesTheRestAndTimeoutQueueAnswers503() throws Exception {
        TestHttpBackend app = backend("app");
        app.delayMillis(600);
        try (RunningBalancer lb = RunningBalancer.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                    timeout queue 5s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    default_backend be
                backend be
                    server app 127.0.0.1:%d maxconn 2
                """.formatted(app.port()))) {
            AtomicInteger maxSeen = new AtomicInteger();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(get(lb.uri("/")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                maxSeen.accumulateAndGet(app.inFlight(), Math::max);
                return all.stream().allMatch(CompletableFuture::isDone);
            });
            for (var f : all) {
                assertThat(f.get().statusCode()).isEqualTo(200);
            }
            assertThat(maxSeen.get()).isLessThanOrEqualTo(2);
            assertThat(lb.backend("be").maxQueuedRequests()).isGreaterThanOrEqualTo(3);
        }
        app.delayMillis(3000);
        try (RunningBalancer lb = RunningBalancer.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                    timeout queue 300ms
                frontend fe
                    bind 127.0.0.1:${PORT}
                    default_backend be
                backend be
                    server app 127.0.0.1:%d maxconn 1
                """.formatted(app.port()))) {
            var first = get(lb.uri("/"));
            await().atMost(Duration.ofSeconds(5)).until(() -> app.inFlight() == 1);
            HttpResponse<String> queued = get(lb.uri("/")).get();
            assertThat(queued.statusCode()).isEqualTo(503);
            assertThat(first.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void frontendMaxconnHoldsFurtherConnectionsInTheBacklogUntilOneCloses() throws Exception {
        TestHttpBackend app = backend("app");
        try (RunningBalancer lb = RunningBalancer.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    maxconn 2
                    default_backend be
                backend be
                    server app 127.0.0.1:%d
                """.formatted(app.port()))) {
            java.net.Socket a = keepAliveExchange(lb.port());
            java.net.Socket b = keepAliveExchange(lb.port());
            await().atMost(Duration.ofSeconds(5)).until(() -> lb.balancer().frontend("fe").orElseThrow()
                    .counters().current() == 2);
            try (java.net.Socket c = new java.net.Socket("127.0.0.1", lb.port())) {
                c.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
                c.setSoTimeout(500);
                // Connected in the kernel's backlog, but not served while the frontend is full.
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.getInputStream().read())
                        .isInstanceOf(java.net.SocketTimeoutException.class);
                a.close();
                c.setSoTimeout(5000);
                String head = new String(c.getInputStream().readNBytes(15));
                assertThat(head).isEqualTo("HTTP/1.1 200 OK");
            }
            b.close();
            // A higher limit at run time is used at once.
            lb.balancer().setFrontendMaxconn(lb.balancer().frontend("fe").orElseThrow(), 10);
            assertThat(get(lb.uri("/")).get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void globalMaxconnHoldsFurtherConnectionsInTheBacklogUntilOneCloses() throws Exception {
        TestHttpBackend app = backend("app");
        try (RunningBalancer lb = RunningBalancer.start("global\n    maxconn 1\n"
                + RunningBalancer.httpTopology("", "    server app 127.0.0.1:" + app.port() + "\n"))) {
            java.net.Socket a = keepAliveExchange(lb.port());
            try (java.net.Socket b = new java.net.Socket("127.0.0.1", lb.port())) {
                b.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
                b.setSoTimeout(500);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.getInputStream().read())
                        .isInstanceOf(java.net.SocketTimeoutException.class);
                a.close();
                b.setSoTimeout(5000);
                assertThat(new String(b.getInputStream().readNBytes(15))).isEqualTo("HTTP/1.1 200 OK");
            }
        }
    }

    /** Opens a connection, completes one keep-alive exchange on it, and leaves it open. */
    private static java.net.Socket keepAliveExchange(int port) throws Exception {
        java.net.Socket s = new java.net.Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
        assertThat(new String(s.getInputStream().readNBytes(15))).isEqualTo("HTTP/1.1 200 OK");
        return s;
    }

    @Test
    void backupServersTakeTrafficOnlyWhenNoPrimaryIsUsable() throws Exception {
        TestHttpBackend p1 = backend("p1");
        TestHttpBackend b1 = backend("b1");
        try (RunningBalancer lb = RunningBalancer.startHttp("""
                    server p1 127.0.0.1:%d
                    server b1 127.0.0.1:%d backup
                """.formatted(p1.port(), b1.port()))) {
            for (int i = 0; i < 20; i++) {
                assertThat(get(lb.uri("/")).get().body()).isEqualTo("p1");
            }
            lb.server("be", "p1").update(s -> s.withAdmin(AdminState.MAINT), "test");
            for (int i = 0; i < 20; i++) {
                assertThat(get(lb.uri("/")).get().body()).isEqualTo("b1");
            }
            lb.server("be", "p1").update(s -> s.withAdmin(AdminState.READY), "test");
            assertThat(get(lb.uri("/")).get().body()).isEqualTo("p1");
        }
    }

    @Test
    void slowstartRampsTheWeightOfAServerComingBackUp() throws Exception {
        TestHttpBackend a = backend("a");
        TestHttpBackend b = backend("b");
        try (RunningBalancer lb = RunningBalancer.startHttp("""
                    server a 127.0.0.1:%d weight 100
                    server b 127.0.0.1:%d weight 100 slowstart 2s
                """.formatted(a.port(), b.port()))) {
            Server sb = lb.server("be", "b");
            assertThat(sb.effectiveWeight()).as("no ramp at start").isEqualTo(100);
            sb.update(s -> s.withHealth(OperationalState.DOWN), "test");
            sb.update(s -> s.withHealth(OperationalState.UP), "test");
            int early = sb.effectiveWeight();
            assertThat(early).isBetween(1, 40);
            int[] shares = new int[2];
            for (int i = 0; i < 100; i++) {
                shares[get(lb.uri("/")).get().body().equals("a") ? 0 : 1]++;
            }
            assertThat(shares[1]).as("the ramping server's share").isLessThan(shares[0]);
            await().atMost(Duration.ofSeconds(5)).until(() -> sb.effectiveWeight() == 100);
        }
    }

    @Test
    void aFrontendListensOnSeveralAddressesIncludingIpv6() throws Exception {
        TestHttpBackend app = backend("app");
        int v4 = io.ganglion.balancer.testing.Ports.free();
        try (RunningBalancer lb = RunningBalancer.start("""
                global
                    nbthread 3
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    bind 127.0.0.1:%d,[::1]:%d
                    default_backend be
                backend be
                    server app 127.0.0.1:%d
                """.formatted(v4, v4, app.port()))) {
            assertThat(get(lb.uri("/")).get().body()).isEqualTo("app");
            assertThat(get(URI.create("http://127.0.0.1:" + v4 + "/")).get().body()).isEqualTo("app");
            assertThat(get(URI.create("http://[::1]:" + v4 + "/")).get().body()).isEqualTo("app");
            assertThat(lb.balancer().threads()).isEqualTo(3);
        }
    }
}
