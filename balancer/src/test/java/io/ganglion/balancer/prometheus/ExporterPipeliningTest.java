package io.ganglion.balancer.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import org.junit.jupiter.api.Test;

/**
 * The metrics are made off the event loop (a deferred answer): a request pipelined behind a scrape
 * on the same connection is still answered after it, in order, and the connection carries both.
 */
class ExporterPipeliningTest {
    @Test
    void aRequestPipelinedBehindAScrapeIsAnsweredAfterIt() throws Exception {
        try (RunningBalancer b = RunningBalancer.start(RunningBalancer.httpTopology("""
                    http-request use-service prometheus-exporter if { path /metrics }
                    http-request return status 200 content-type text/plain string pong if { path /ping }
                """, "    server s1 127.0.0.1:9\n"))) {
            String answer = RawHttp.exchange("127.0.0.1", b.port(), "GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /ping HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            int metrics = answer.indexOf("content-type: text/plain; version=0.0.4");
            int lastFamily = answer.indexOf("# TYPE haproxy_server_uweight gauge");
            int pong = answer.indexOf("\r\n\r\npong");
            assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(metrics).isPositive();
            assertThat(lastFamily).isGreaterThan(metrics);
            assertThat(pong).isGreaterThan(lastFamily);
            assertThat(answer.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        }
    }
}
