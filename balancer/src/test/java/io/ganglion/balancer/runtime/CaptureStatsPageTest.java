package io.ganglion.balancer.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.CaptureLikeSetup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Captures 038-040: the capture configuration's {@code listen stats} page ({@code stats enable},
 * {@code stats uri /stats}, {@code stats refresh 10s}) run unchanged, its CSV export fetched as the
 * capture run's curl fetched it. The rows and the column line are HAProxy's; the counters' values
 * depend on the run; the framing is the balancer's ({@code content-length} where HAProxy chunks:
 * README, Known differences).
 */
class CaptureStatsPageTest {
    private static CaptureLikeSetup setup;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        setup = CaptureLikeSetup.start();
    }

    @AfterAll
    static void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void theCsvExportListsTheCapturesRowsUnderItsColumnLine() throws Exception {
        List<String> ours = fetch("/stats;csv").body().lines().toList();
        List<String> theirs = capture("038-stats-page-csv.txt").lines().toList();

        assertThat(ours.get(0)).isEqualTo(theirs.get(0));
        assertThat(ours.stream().skip(1).map(CaptureStatsPageTest::rowName))
                .containsExactlyElementsOf(theirs.stream().skip(1).map(CaptureStatsPageTest::rowName).toList());
    }

    @Test
    void theCsvExportIsAnsweredWithTheCapturesHeaders() throws Exception {
        HttpResponse<String> ours = fetch("/stats;csv");
        List<String> theirs = capture("039-stats-page-csv-headers.txt").lines().toList();

        assertThat(theirs.get(0)).isEqualTo("HTTP/1.1 " + ours.statusCode() + " OK");
        for (String header : theirs.subList(1, theirs.size())) {
            if (header.isEmpty() || header.startsWith("transfer-encoding:")) {
                continue; // the framing differs on purpose: content-length here
            }
            String name = header.substring(0, header.indexOf(':'));
            assertThat(ours.headers().allValues(name)).as(name)
                    .containsExactly(header.substring(name.length() + 1).trim());
        }
    }

    @Test
    void norefreshDropsTheRefreshHeaderButNotTheRows() throws Exception {
        HttpResponse<String> ours = fetch("/stats;csv;norefresh");
        List<String> theirs = capture("040-stats-page-csv-norefresh-head.txt").lines().toList();

        assertThat(ours.headers().firstValue("refresh")).isEmpty();
        assertThat(ours.body().lines().limit(3).map(CaptureStatsPageTest::rowName))
                .containsExactlyElementsOf(theirs.stream().map(CaptureStatsPageTest::rowName).toList());
    }

    private static String rowName(String csvLine) {
        String[] fields = csvLine.split(",", 3);
        return fields[0] + "," + fields[1];
    }

    private static HttpResponse<String> fetch(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + setup.statsPagePort() + path))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response;
    }

    private static String capture(String file) {
        return new String(CaptureManifest.shellOutput(file), StandardCharsets.UTF_8);
    }
}
