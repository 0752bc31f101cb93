package io.ganglion.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void pathsAreUnixSocketsAndHostPortIsTcp() {
        assertThat(Endpoint.parse("/run/haproxy/admin.sock")).isEqualTo(new UnixSocketEndpoint(Path.of("/run/haproxy/admin.sock")));
        assertThat(Endpoint.parse("admin.sock")).isEqualTo(new UnixSocketEndpoint(Path.of("admin.sock")));
        assertThat(Endpoint.parse("/tmp/odd:1")).isInstanceOf(UnixSocketEndpoint.class);
        assertThat(Endpoint.parse("127.0.0.1:9999")).isEqualTo(new TcpEndpoint("127.0.0.1", 9999));
        assertThat(Endpoint.parse("localhost:9999")).isEqualTo(new TcpEndpoint("localhost", 9999));
        assertThat(Endpoint.parse("[::1]:9999")).isEqualTo(new TcpEndpoint("::1", 9999));
        assertThat(new TcpEndpoint("::1", 9999)).hasToString("[::1]:9999");
    }

    @Test
    void badEndpointsAreRefusedWithTheReason() {
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse(" ")).withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> Endpoint.parse("127.0.0.1:70000"))
                .withMessageContaining("between 1 and 65535");
    }

    @Test
    void aSessionRefusesTheWordsThatWouldChangeItsMode() {
        try (RuntimeSession session = new RuntimeSession(new UnixSocketEndpoint(Path.of("/nonexistent.sock")), Timeouts.DEFAULT)) {
            assertThatIllegalArgumentException().isThrownBy(() -> session.execute("prompt"));
            assertThatIllegalArgumentException().isThrownBy(() -> session.execute("quit"));
        }
    }
}
