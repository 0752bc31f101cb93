package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cold balancer does before its first answer (issue 18: a cold start's CPU, not the
 * configuration, made the first answer take seconds): it loads only what serving needs.
 */
class ColdStartTest {
    @TempDir
    Path dir;

    /** Its own messages still read {@code [LEVEL] message}; the rehearsal's is one. */
    @Test
    void aBalancerThatAnsweredItsFirstRequestLoadedNoCommandLineLibraryNoLoggingXmlParserNoFlightRecorder() throws Exception {
        Path classes = dir.resolve("classes.log");
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            int port = Ports.free();
            try (BalancerProcess p = BalancerProcess.startWithJvmOptions(dir,
                    List.of("-Xmx64m", "-Xlog:class+load:file=" + classes),
                    "-f", BalancerProcess.httpConfig(dir, port, app.port(), "").toString(), "--grace", "1", "--rehearse")) {
                await("listening").atMost(Duration.ofSeconds(60)).until(() -> BalancerProcess.accepts(port));
                HttpResponse<String> r = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("app");
                List<String> loaded = Files.readAllLines(classes);
                assertThat(loaded).as("classes loaded up to the first answer").isNotEmpty();
                assertThat(loaded.stream().filter(line -> line.contains(" picocli.")).toList()).isEmpty();
                assertThat(loaded.stream().filter(line -> line.contains("JoranConfigurator ")
                        || line.contains(" javax.xml.parsers.")).toList()).isEmpty();
                assertThat(loaded.stream().filter(line -> line.contains(" jdk.jfr.internal.MetadataRepository ")).toList())
                        .as("no flight recorder set up for Netty's allocator events").isEmpty();
                assertThat(p.stderr()).containsPattern("(?m)^\\[INFO\\] standby: rehearsal done in \\d+ ms$");
            }
        }
    }
}
