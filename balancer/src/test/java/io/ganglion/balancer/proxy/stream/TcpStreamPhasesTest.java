package io.ganglion.balancer.proxy.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A {@code mode tcp} connection is a stream too: it runs the frontend's connection phase (the
 * place of {@code tcp-request connection}) and its backend choice. A rule refuses the first
 * connection, whose client sees it closed with nothing sent; another sends the next to a backend
 * other than the default.
 */
class TcpStreamPhasesTest {

    @Test
    void connectionRulesRefuseAndBackendRulesChoose() throws Exception {
        try (TestHttpBackend a = new TestHttpBackend("sa"); TestHttpBackend b = new TestHttpBackend("sb");
                RunningBalancer lb = RunningBalancer.start(TwoBackends.config("tcp", a.port(), b.port()))) {
            Frontend fe = lb.balancer().frontend("fe").orElseThrow();
            Backend beB = lb.balancer().backend("be_b").orElseThrow();
            AtomicInteger seen = new AtomicInteger();
            fe.publishPhases(fe.phases().withConnectionRule((Stream stream, Channel client) ->
                    seen.incrementAndGet() == 1 ? Verdict.ANSWERED : Verdict.CONTINUE)
                    .withBackendRule((stream, request) -> {
                        stream.chooseBackend(beB);
                        return Verdict.DONE;
                    }));
            String request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

            try (Socket refused = new Socket(InetAddress.getLoopbackAddress(), lb.port())) {
                refused.setSoTimeout(10_000);
                assertThat(refused.getInputStream().read()).as("closed at once, nothing sent").isEqualTo(-1);
            }
            assertThat(RawHttp.exchange("127.0.0.1", lb.port(), request)).startsWith("HTTP/1.1 200 ").endsWith("sb");
            assertThat(a.requests()).isZero();
            assertThat(b.requests()).isEqualTo(1);
            assertThat(beB.counters().total()).isEqualTo(1);
        }
    }
}
