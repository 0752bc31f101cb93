package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.config.BalancerConfig;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.runtime.ControlLoop;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A backend with {@code log global} sends its servers' state changes to the global {@code log}
 * targets, at HAProxy's levels (alert for a server going down, notice otherwise), as HAProxy 2.6.12
 * writes them with {@code log stdout format local local0} (measured with the same commands on the
 * socket; the date is masked). A backend without it logs them on stderr only.
 */
class BackendEventLogTest {
    private static final String CONFIG = """
            global
                log stdout format local local0
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            backend be
                log global
                server s1 127.0.0.1:18090
                server s2 127.0.0.1:18090
            backend be_nolog
                server s1 127.0.0.1:18090
            """;

    @Test
    void serverStateChangesGoToTheBackendsLogTargets() throws Exception {
        BalancerConfig config = ConfigParser.parse("ev.cfg", CONFIG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ControlLoop control = ControlLoop.start(); AccessLog log = new AccessLog(config.global().logs(), t -> out, 2563)) {
            Backend be = new Backend(config.proxy("be").orElseThrow(), control, log);
            Backend beNolog = new Backend(config.proxy("be_nolog").orElseThrow(), control, null);
            Server s1 = be.server("s1").orElseThrow();
            s1.update(s -> s.withAdmin(AdminState.MAINT), "");
            s1.update(s -> s.withAdmin(AdminState.READY), "");
            s1.update(s -> s.withAdmin(AdminState.DRAIN), "");
            s1.update(s -> s.withAdmin(AdminState.READY), "");
            beNolog.server("s1").orElseThrow().update(s -> s.withAdmin(AdminState.MAINT), "");
            be.server("s2").orElseThrow().update(s -> s.withHealth(OperationalState.DOWN), "changed from CLI");
        }
        assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d", "Dec  2 18:45:48"))
                .isEqualTo("""
                        <129>Dec  2 18:45:48 haproxy[2563]: Server be/s1 is going DOWN for maintenance. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
                        <133>Dec  2 18:45:48 haproxy[2563]: Server be/s1 is UP/READY (leaving forced maintenance).
                        <133>Dec  2 18:45:48 haproxy[2563]: Server be/s1 enters drain state. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.
                        <133>Dec  2 18:45:48 haproxy[2563]: Server be/s1 is UP (leaving forced drain).
                        <129>Dec  2 18:45:48 haproxy[2563]: Server be/s2 is DOWN, changed from CLI. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
                        """);
    }
}
