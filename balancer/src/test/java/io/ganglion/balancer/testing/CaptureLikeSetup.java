package io.ganglion.balancer.testing;

import io.ganglion.balancer.check.CheckOptions;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.server.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The captures' conf/haproxy.cfg without what the balancer does not have yet (stick table, ACLs,
 * log-format, TLS: fe_tls is plain HTTP here, stats sockets, the stats page): fe_main and fe_tls to be_app with
 * web1..web3 (httpchk, inter 1s, weight 100), and a {@code listen stats}. Same proxy order, so the
 * same ids.
 */
public final class CaptureLikeSetup implements AutoCloseable {
    private final List<TestHttpBackend> webs = new ArrayList<>();
    private final RunningBalancer balancer;

    private CaptureLikeSetup(String extraGlobal) throws Exception {
        for (int i = 1; i <= 3; i++) {
            TestHttpBackend b = new TestHttpBackend("web" + i);
            webs.add(b);
        }
        StringBuilder servers = new StringBuilder();
        for (TestHttpBackend b : webs) {
            servers.append("    server ").append(b.name()).append(" 127.0.0.1:").append(b.port())
                    .append(" check inter 1s weight 100\n");
        }
        String config = """
                global
                    maxconn 1000
                %s
                defaults
                    mode http
                    log global
                    option httplog
                    load-server-state-from-file global
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                    timeout http-request 30s
                    timeout check 2s

                frontend fe_main
                    bind 127.0.0.1:${PORT}
                    default_backend be_app

                frontend fe_tls
                    bind 127.0.0.1:%d
                    default_backend be_app

                backend be_app
                    balance roundrobin
                    option httpchk GET /
                %s
                listen stats
                    bind 127.0.0.1:%d
                    # stats enable (no statistics page yet: refused)
                    # stats uri /stats
                    # stats refresh 10s
                """.formatted(extraGlobal, Ports.free(), servers, Ports.free());
        this.balancer = RunningBalancer.start(config);
    }

    public static CaptureLikeSetup start() throws Exception {
        return start("");
    }

    /** @param extraGlobal more lines for the global section, e.g. {@code server-state-file} */
    public static CaptureLikeSetup start(String extraGlobal) throws Exception {
        return new CaptureLikeSetup(extraGlobal);
    }

    public RunningBalancer balancer() {
        return balancer;
    }

    public List<TestHttpBackend> webs() {
        return webs;
    }

    /** Waits until every server passed a check, as in the captures taken after the first checks. */
    public CaptureLikeSetup awaitChecked() {
        await().atMost(Duration.ofSeconds(20)).until(() -> balancer.backend("be_app").servers().stream()
                .allMatch(CaptureLikeSetup::passedCheck));
        return this;
    }

    private static boolean passedCheck(Server s) {
        int top = s.spec().get(CheckOptions.RISE) + s.spec().get(CheckOptions.FALL) - 1;
        return s.lastCheck() != null && s.lastCheck().passed() && s.checkHealth() == top;
    }

    @Override
    public void close() {
        balancer.close();
        webs.forEach(TestHttpBackend::close);
    }
}
