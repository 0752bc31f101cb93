package io.ganglion.runtime.balancers;

import io.ganglion.balancer.testing.Ports;

/**
 * The proxies every integration test starts with:
 * <ul>
 *   <li>{@code fe_main} on {@link #frontendPort()} → {@code be_app};</li>
 *   <li>{@code be_app} (roundrobin, httpchk): {@code web1} checked and UP on the HTTP backend,
 *       {@code web2} unchecked on a closed port, {@code web3} on the HTTP backend, checked so
 *       rarely (and with rise 3) that a forced health state holds for the length of a test;</li>
 *   <li>{@code be_solo}: one server, {@code only1}, whose name no other server shares.</li>
 * </ul>
 */
public record Topology(int frontendPort, int httpPort, int closedPort) {

    public static Topology on(HttpBackend backend) {
        return new Topology(Ports.free(), backend.port(), Ports.free());
    }

    public String config() {
        return """
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                    timeout check 5s

                frontend fe_main
                    bind 127.0.0.1:%1$d
                    default_backend be_app

                backend be_app
                    balance roundrobin
                    option httpchk GET /
                    server web1 127.0.0.1:%2$d check inter 1s rise 1 weight 100
                    server web2 127.0.0.1:%3$d weight 100
                    server web3 127.0.0.1:%2$d check inter 10m rise 3 fall 3 weight 100

                backend be_solo
                    balance roundrobin
                    server only1 127.0.0.1:%2$d
                """.formatted(frontendPort, httpPort, closedPort);
    }
}
