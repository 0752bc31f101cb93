package io.ganglion.balancer.stick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.proxy.Frontend;
import io.ganglion.balancer.proxy.stream.Stream;
import io.ganglion.balancer.proxy.stream.Verdict;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stream that tracks an entry (here through a request action the test installs, in the place
 * {@code http-request track-sc0 src} will take) lets it go when it ends, with the bytes it carried
 * counted on it: {@code use=} and {@code conn_cur} back to 0 after each request of a keep-alive
 * connection, as HAProxy 2.6 shows them after a tracked request.
 */
class StreamTrackingTest {

    @Test
    void eachRequestReleasesItsEntryWithItsBytesCounted() throws Exception {
        try (TestHttpBackend web = new TestHttpBackend("web");
                RunningBalancer lb = RunningBalancer.start(RunningBalancer.httpTopology(
                        "    stick-table type ip size 10 expire 1m store conn_cnt,conn_cur,http_req_cnt,bytes_in_cnt,bytes_out_cnt\n",
                        "    server web 127.0.0.1:" + web.port() + "\n"))) {
            StickTable table = StickModule.tables(lb.balancer().moduleContext()).table("fe").orElseThrow();
            Frontend fe = lb.balancer().frontend("fe").orElseThrow();
            fe.publishPhases(fe.phases().withRequestRule((Stream stream, HttpRequest request) -> {
                StickCounter tracked = table.track(stream.client().getAddress().getAddress());
                stream.stickCounters()[0] = tracked;
                tracked.countHttpRequest();
                return Verdict.CONTINUE;
            }));
            byte[] loopback = InetAddress.getLoopbackAddress().getAddress();

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), lb.port())) {
                client.setSoTimeout(10_000);
                for (int i = 0; i < 2; i++) {
                    client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    RawHttp.readResponse(client.getInputStream());
                }
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(holdersAndConnections(table, loopback))
                        .containsExactly(0L, 0L, 2L, 2L));
            }
            Long in = table.read(loopback, e -> e.get(DataType.BYTES_IN_CNT));
            Long out = table.read(loopback, e -> e.get(DataType.BYTES_OUT_CNT));
            // each request as HAProxy counts it (its internal size, 38, not the 27 bytes sent): HAProxy
            // 2.6.12 shows bytes_in_cnt=76 after the same two requests
            assertThat(in).isEqualTo(2L * 38);
            assertThat(out).isGreaterThan(2L * "web".length());
        }
    }

    /** {@code use=}, {@code conn_cur}, {@code conn_cnt}, {@code http_req_cnt}. */
    private static List<Long> holdersAndConnections(StickTable table, byte[] key) {
        return table.read(key, e -> List.of((long) e.holders(), e.get(DataType.CONN_CUR), e.get(DataType.CONN_CNT),
                e.get(DataType.HTTP_REQ_CNT)));
    }
}
