package io.ganglion.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RequiredTool;
import io.ganglion.balancer.testing.StatsSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18, "the examples do not run as written": every example the README tells a new user to run
 * is run as {@code ./ganglion example NAME}, from the repository's top, by bash. It must come up
 * with nothing else started, answer a request through the example's frontend, answer {@code show
 * stat} on the admin socket it prints, and stop on SIGTERM with exit 0, its frontend closed and
 * every process it started (the bundled balancer and its standby, HAProxy) ended.
 *
 * <p>The examples name fixed ports (8080, 2181, 8500...) and paths under {@code /tmp}; the test runs
 * a copy of {@code examples/} in which each is replaced by a free port and a path in a temporary
 * directory, the one change from what the user runs (passed with {@code --examples}).
 */
class ExampleRunTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PORT = Pattern.compile("\\b(8080|8081|9001|9002|9003|9101|9999|2181|8500|3210|3211|9901)\\b");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "guide", "zookeeper-bundled", "consul-bundled", "haproxy-zookeeper"})
    void theExampleStartsWhatItNeedsServesAnswersShowStatAndStopsOnSigterm(String name) throws Exception {
        if (name.startsWith("haproxy")) {
            RequiredTool.require(Files.isExecutable(Path.of("/usr/sbin/haproxy")), "haproxy is not installed at /usr/sbin/haproxy");
        }
        Path examples = mappedCopyOfTheExamples();
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder("bash", REPO.resolve("ganglion").toString(), "example", name,
                "--examples", examples.toString()).directory(REPO.toFile()).redirectError(stderr.toFile());
        builder.environment().put("GANGLION_CLASSPATH", System.getProperty("java.class.path"));
        // as in a container or a cron job: no login set USER, which the guide's socket paths expand
        builder.environment().remove("USER");
        Process example = builder.start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = readLines(example, out);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> out.contains("ready; Ctrl-C stops everything") || !example.isAlive());
            assertThat(out).as("stdout %s, stderr:%n%s", out, Files.readString(stderr)).contains("ready; Ctrl-C stops everything");
            URI frontend = URI.create(printed(out, "frontend:"));
            Path socket = Path.of(printed(out, "admin socket:"));
            assertThat(socket).startsWith(dir);
            if (name.equals("guide")) {
                assertThat(socket.getParent().getFileName()).as("the guide's sockets are under /tmp/ganglion-$USER/")
                        .hasToString("ganglion-" + System.getProperty("user.name"));
            }

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(frontend).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(StatsSocket.send(socket, "show stat")).startsWith("# pxname,svname,").contains(",UP,");

            List<ProcessHandle> started = example.descendants().toList(); // the bundled balancer, its standby, HAProxy
            // SIGTERM by kill(1): Process.destroy() would also close the pipe the last lines come through.
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(example.pid())).start().waitFor()).isZero();
            assertThat(example.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(example.exitValue()).as("stderr:%n%s", Files.readString(stderr)).isZero();
            assertThat(out).contains("stopping");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(started)
                    .as("every process the example started has ended").noneMatch(ProcessHandle::isAlive));
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress(frontend.getHost(), frontend.getPort()), 1000))
                    .as("the frontend is closed: what the example started has stopped").isInstanceOf(ConnectException.class);
        } finally {
            example.destroyForcibly();
            example.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** {@code examples/} with its fixed ports replaced by free ones and its /tmp paths moved into {@link #dir}. */
    private Path mappedCopyOfTheExamples() throws IOException {
        Path copy = dir.resolve("examples");
        Map<String, String> ports = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(REPO.resolve("examples"), 2)) {
            files = walk.filter(f -> f.toString().endsWith(".cfg") || f.toString().endsWith(".yaml")).toList();
        }
        for (Path file : files) {
            String text = Files.readString(file).replace("/tmp/ganglion-", dir + "/ganglion-")
                    .replace(" examples/", " " + copy + "/");
            Matcher port = PORT.matcher(text);
            StringBuilder mapped = new StringBuilder();
            while (port.find()) {
                port.appendReplacement(mapped, ports.computeIfAbsent(port.group(), p -> Integer.toString(Ports.free())));
            }
            port.appendTail(mapped);
            Path target = copy.resolve(REPO.resolve("examples").relativize(file));
            Files.createDirectories(target.getParent());
            Files.writeString(target, mapped, StandardCharsets.UTF_8);
        }
        return copy;
    }

    private static Thread readLines(Process process, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "example-stdout");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static String printed(List<String> out, String label) {
        Optional<String> line = out.stream().filter(l -> l.startsWith(label)).findFirst();
        assertThat(line).as("a line '%s' in %s", label, out).isPresent();
        return line.get().substring(label.length()).strip();
    }
}
