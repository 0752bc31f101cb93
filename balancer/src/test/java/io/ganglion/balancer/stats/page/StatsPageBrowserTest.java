package io.ganglion.balancer.stats.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's acceptance 1 in a real browser: headless chromium shows every proxy and server of a
 * running balancer with its state; after {@code set server ... state drain} on the socket the page
 * shows DRAIN by itself (its {@code stats refresh}); the admin form, filled and submitted in the
 * browser (a real form POST and its 303), drains a server, which the socket then reads as DRAIN and
 * traffic no longer reaches; a page without {@code stats admin} has no form and refuses a POST.
 * The screenshot is kept as {@code target/stats-page/stats-page.png}.
 */
@Tag("serial") // alone after the parallel classes: a headless Chromium takes both cores while it starts
class StatsPageBrowserTest {
    /** Each row of the page as "CLASS PROXY/NAME", in order, read in the browser. */
    private static final String ROWS = "Array.from(document.querySelectorAll('tr')).filter(r => r.className != 'titre' && r.querySelector('a[name]'))"
            + ".map(r => r.className + ' ' + r.querySelector('a[name]').name).join('\\n')";

    @TempDir
    Path dir;

    private final List<TestHttpBackend> webs = List.of(new TestHttpBackend("web1"), new TestHttpBackend("web2"),
            new TestHttpBackend("web3"));
    private RunningBalancer balancer;
    private Path socket;
    private int readOnlyPort;

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("admin.sock");
        readOnlyPort = Ports.free();
        balancer = RunningBalancer.start("""
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    stats enable
                    stats uri /stats
                    stats refresh 1s
                    stats admin if LOCALHOST
                    default_backend be
                frontend readonly
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /ro
                    default_backend be
                backend be
                    server web1 127.0.0.1:%d check inter 300ms
                    server web2 127.0.0.1:%d check inter 300ms
                    server web3 127.0.0.1:%d check inter 300ms
                    server dead 127.0.0.1:%d check inter 300ms fall 1
                """.formatted(socket, readOnlyPort, webs.get(0).port(), webs.get(1).port(), webs.get(2).port(),
                Ports.free()));
    }

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.close();
        }
        webs.forEach(TestHttpBackend::close);
    }

    @Test
    void showsStatesFollowsTheSocketAndDrainsThroughTheForm() throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open("http://127.0.0.1:" + balancer.port() + "/stats")) {
            await().atMost(HeadlessChromium.patience()).untilAsserted(() -> assertThat(browser.evaluate(ROWS).lines())
                    .containsExactly("frontend fe/Frontend", "frontend readonly/Frontend", "active_up be/web1", "active_up be/web2", "active_up be/web3",
                            "active_down be/dead", "backend be/Backend"));

            // the page reloads itself (stats refresh 1s): no navigation by the test
            StatsSocket.send(socket, "set server be/web2 state drain");
            await().atMost(HeadlessChromium.patience()).untilAsserted(() ->
                    assertThat(browser.evaluate(ROWS).lines()).contains("active_draining be/web2"));

            // the form as a user fills it: web1's box, "Set state to DRAIN", submit (a POST, then its 303)
            browser.evaluate("document.querySelector(\"input[name=s][value=web1]\").checked = true;"
                    + "const a = document.querySelector('select[name=action]'); a.value = 'drain'; a.form.submit(); 'sent'");
            await().atMost(HeadlessChromium.patience()).untilAsserted(() -> {
                assertThat(browser.evaluate("location.pathname")).isEqualTo("/stats;st=DONE");
                assertThat(browser.evaluate("document.body.innerText")).contains("Action processed successfully.");
                assertThat(browser.evaluate(ROWS).lines()).contains("active_draining be/web1", "active_draining be/web2");
            });
            browser.screenshot(Path.of("target", "stats-page", "stats-page.png"));
        }
        assertThat(StatsSocket.send(socket, "show stat be 4 -1")).contains("be,web1,").containsPattern(
                "(?m)^be,web1,([^,]*,){15}DRAIN,");
        webs.forEach(TestHttpBackend::resetCounts);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(balancer.uri("/app")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThat(webs.get(0).requests()).isZero();
        assertThat(webs.get(1).requests()).isZero();
        assertThat(webs.get(2).requests()).isEqualTo(12);
    }

    @Test
    void withoutStatsAdminThereIsNoFormAndAPostIsRefused() throws Exception {
        String page = "http://127.0.0.1:" + readOnlyPort + "/ro";
        try (HeadlessChromium browser = HeadlessChromium.open(page)) {
            await().atMost(HeadlessChromium.patience()).untilAsserted(() ->
                    assertThat(browser.evaluate(ROWS).lines()).contains("active_up be/web3"));
            assertThat(browser.evaluate("document.querySelectorAll('select[name=action], input[name=s]').length"))
                    .isEqualTo("0");
        }
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("s=web3&action=maint&b=%234")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(303);
        assertThat(refused.headers().firstValue("location")).hasValue("/ro;st=DENY");
        assertThat(StatsSocket.send(socket, "show stat be 4 -1")).containsPattern("(?m)^be,web3,([^,]*,){15}UP,");
    }
}
