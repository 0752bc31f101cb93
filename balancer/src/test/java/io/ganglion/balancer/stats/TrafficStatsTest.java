package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.testing.CaptureLikeSetup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counters of {@code show stat} agree with real requests sent through a real balancer; statuses follow run-time changes. */
class TrafficStatsTest {
    /** Fewer than fe_main's limit: the captures' config bans a client above 10 requests in 10 s. */
    private static final int REQUESTS = 9;

    private static StatRow row(Balancer b, String proxy, String service) {
        return ShowStat.rows(b, StatRequest.all(), AccessLevel.ADMIN).orElseThrow().stream()
                .filter(r -> r.proxyName().equals(proxy) && r.serviceName().equals(service)).findFirst().orElseThrow();
    }

    private static long num(StatRow r, String name) {
        return (Long) r.value(name);
    }

    /** {@code rtime}/{@code ttime} of HTTP traffic: the server's response time and the request's total, averaged. */
    @Test
    void responseAndTotalTimesAreMeasuredForHttp() throws Exception {
        try (CaptureLikeSetup setup = CaptureLikeSetup.start().awaitChecked()) {
            Balancer b = setup.balancer().balancer();
            HttpClient client = HttpClient.newHttpClient();
            URI slow = setup.balancer().uri("/slow?ms=80");
            for (int i = 0; i < 6; i++) {
                assertThat(client.send(HttpRequest.newBuilder(slow).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(200);
            }
            for (String service : List.of("web1", "web2", "web3", "BACKEND")) {
                StatRow r = row(b, "be_app", service);
                assertThat(num(r, "rtime")).as(service + " rtime").isBetween(75L, 2_000L);
                assertThat(num(r, "ttime")).as(service + " ttime").isGreaterThanOrEqualTo(num(r, "rtime"));
                assertThat(num(r, "rtime_max")).as(service + " rtime_max").isGreaterThanOrEqualTo(num(r, "rtime"));
            }
        }
    }

    @Test
    void countersFollowTheTrafficSentAndClearCountersResetsThem() throws Exception {
        try (CaptureLikeSetup setup = CaptureLikeSetup.start().awaitChecked()) {
            Balancer b = setup.balancer().balancer();
            HttpClient client = HttpClient.newHttpClient();
            URI uri = setup.balancer().uri("/hello");
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> rsp = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(rsp.statusCode()).isEqualTo(200);
            }
            StatRow fe = row(b, "fe_main", "FRONTEND");
            StatRow be = row(b, "be_app", "BACKEND");
            assertThat(num(fe, "req_tot")).isEqualTo(REQUESTS);
            assertThat(num(fe, "hrsp_2xx")).isEqualTo(REQUESTS);
            assertThat(num(be, "req_tot")).isEqualTo(REQUESTS);
            assertThat(num(be, "hrsp_2xx")).isEqualTo(REQUESTS);
            assertThat(num(be, "stot")).isEqualTo(REQUESTS);
            assertThat(num(be, "lbtot")).isEqualTo(REQUESTS);
            assertThat(num(be, "connect") + num(be, "reuse")).isEqualTo(REQUESTS);
            // each request line alone is over 20 bytes; each response carries at least a status line and a body
            assertThat(num(fe, "bin")).isBetween(REQUESTS * 20L, REQUESTS * 1000L);
            assertThat(num(fe, "bout")).isBetween(REQUESTS * 30L, REQUESTS * 4000L);
            long serverTotal = 0;
            for (String web : List.of("web1", "web2", "web3")) {
                StatRow s = row(b, "be_app", web);
                assertThat(num(s, "stot")).isEqualTo(REQUESTS / 3); // roundrobin, equal weights
                serverTotal += num(s, "req_tot");
                assertThat(num(s, "lastsess")).isBetween(0L, 60L);
            }
            assertThat(serverTotal).isEqualTo(REQUESTS);
            assertThat(num(fe, "smax")).isPositive();

            ClearCounters.clear(b, false);
            assertThat(num(row(b, "fe_main", "FRONTEND"), "req_tot")).isEqualTo(REQUESTS);
            assertThat(num(row(b, "fe_main", "FRONTEND"), "smax")).isEqualTo(num(row(b, "fe_main", "FRONTEND"), "scur"));
            ClearCounters.clear(b, true);
            assertThat(num(row(b, "fe_main", "FRONTEND"), "req_tot")).isZero();
            assertThat(num(row(b, "be_app", "web1"), "stot")).isZero();
        }
    }

    @Test
    void statusWeightAndCheckColumnsFollowRunTimeChanges() throws Exception {
        try (CaptureLikeSetup setup = CaptureLikeSetup.start().awaitChecked()) {
            Balancer b = setup.balancer().balancer();
            setup.balancer().server("be_app", "web1").update(s -> s.withAdmin(AdminState.DRAIN), "test");
            setup.balancer().server("be_app", "web2").update(s -> s.withAdmin(AdminState.MAINT), "test");
            setup.balancer().server("be_app", "web3").update(s -> s.withWeight(50).withChecksEnabled(false), "test");
            assertThat(row(b, "be_app", "web1").value("status")).isEqualTo("DRAIN");
            StatRow web2 = row(b, "be_app", "web2");
            assertThat(web2.value("status")).isEqualTo("MAINT");
            assertThat(web2.value("check_status")).isNull(); // as capture 072: no check columns in maintenance
            assertThat(web2.value("chkdown")).isNotNull();
            StatRow web3 = row(b, "be_app", "web3");
            assertThat(web3.value("status")).isEqualTo("no check");
            assertThat(web3.value("weight")).isEqualTo(50L);
            assertThat(web3.value("chkfail")).isNull(); // as capture 065 after disable health
            StatRow be = row(b, "be_app", "BACKEND");
            assertThat(be.value("weight")).isEqualTo(50L);
            assertThat(be.value("act")).isEqualTo(1L);
            setup.balancer().server("be_app", "web3").update(s -> s.withAdmin(AdminState.MAINT), "test");
            assertThat(row(b, "be_app", "BACKEND").value("status")).isEqualTo("DOWN");
        }
    }
}
