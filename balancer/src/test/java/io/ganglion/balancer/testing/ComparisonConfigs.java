package io.ganglion.balancer.testing;

import java.nio.file.Path;

/** The configuration text that side-by-side comparisons with HAProxy share. */
public final class ComparisonConfigs {
    private ComparisonConfigs() {
    }

    /**
     * {@code global} with the admin socket, {@code defaults} in {@code mode http} with short
     * timeouts (1 s to connect: a refused or silent server is seen quickly on both sides), and the
     * head of {@code frontend fe} bound on {@code port}: the caller adds the frontend's rules and the
     * backends.
     */
    public static String httpFrontend(Path socket, int port) {
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                """.formatted(socket, port);
    }
}
