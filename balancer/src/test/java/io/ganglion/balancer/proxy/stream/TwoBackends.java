package io.ganglion.balancer.proxy.stream;

/** The topology of this package's tests: frontend {@code fe} on {@code ${PORT}}, backends {@code be_a} (its default) and {@code be_b}. */
final class TwoBackends {
    private TwoBackends() {
    }

    /**
     * @param mode     {@code http} (logged in HAProxy's HTTP format on stdout) or {@code tcp}
     * @param portA    the port of {@code be_a}'s server {@code sa}
     * @param portB    the port of {@code be_b}'s server {@code sb}
     */
    static String config(String mode, int portA, int portB) {
        String logging = mode.equals("http") ? "    log global\n    option httplog\n" : "";
        return """
                global
                    log stdout format raw local0
                defaults
                    mode %s
                %s    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    default_backend be_a
                backend be_a
                    server sa 127.0.0.1:%d
                backend be_b
                    server sb 127.0.0.1:%d
                """.formatted(mode, logging, portA, portB);
    }
}
