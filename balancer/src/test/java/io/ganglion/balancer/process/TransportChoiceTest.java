package io.ganglion.balancer.process;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxies' transport as an operator chooses and sees it: io_uring where the kernel allows it,
 * epoll when {@code GANGLION_TRANSPORT} (the environment, which a bundled balancer inherits from its
 * agent) or {@code -Dganglion.transport} asks for it; the start line names the one that runs, and
 * both serve the same traffic (the rest of the suite runs on the default: TLS included). The choice
 * is made once per JVM, hence a process per case.
 */
class TransportChoiceTest {
    @ParameterizedTest
    @CsvSource({"'', ''", "GANGLION_TRANSPORT, ''", "'', -Dganglion.transport=epoll"})
    void theStartLineNamesTheTransportAskedForAndItServes(String variable, String property, @TempDir Path dir)
            throws Exception {
        Map<String, String> environment = variable.isEmpty() ? Map.of() : Map.of(variable, "epoll");
        List<String> jvm = property.isEmpty() ? List.of("-Xmx64m") : List.of("-Xmx64m", property);
        boolean asked = !variable.isEmpty() || !property.isEmpty();
        String expected = !asked && Transport.ioUringAvailable() ? "io_uring" : "epoll";
        try (TestHttpBackend web = new TestHttpBackend("web1")) {
            int port = Ports.free();
            Path config = BalancerProcess.httpConfig(dir, port, web.port(), "");
            try (BalancerProcess balancer = BalancerProcess.startWithEnvironment(dir, jvm, environment,
                    "-f", config.toString())) {
                await().atMost(30, SECONDS).until(() -> BalancerProcess.accepts(port));
                HttpResponse<String> answer = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("web1");
                await().atMost(10, SECONDS).untilAsserted(() -> assertThat(balancer.stdout() + balancer.stderr())
                        .contains("event loops (" + expected + ")"));
            }
        }
    }
}
