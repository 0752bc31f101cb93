package io.ganglion.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.ConfigParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code $ command} of the README's {@code console} blocks, in order, against a live
 * balancer started on {@code examples/balancer/guide.cfg}, and compares what it prints with the
 * lines the README shows under it ({@code ...} stands for any lines). Paths and ports of the guide
 * are mapped to a temporary directory and free ports; {@code ./ganglion ctl} runs the same main
 * class on the test's classpath, so the README cannot rot.
 */
class ReadmeDocTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** One {@code $} line and the output the README shows for it. */
    record Example(String command, List<String> expected, int line) {
    }

    static List<Example> examples(List<String> readme) {
        List<Example> out = new ArrayList<>();
        boolean inConsole = false;
        String command = null;
        int commandLine = 0;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (!inConsole) {
                inConsole = line.equals("```console");
                continue;
            }
            if (line.equals("```") || line.startsWith("$ ")) {
                if (command != null) {
                    out.add(new Example(command, List.copyOf(expected), commandLine));
                }
                command = null;
                expected.clear();
                if (line.equals("```")) {
                    inConsole = false;
                } else {
                    command = line.substring(2);
                    commandLine = i + 1;
                }
                continue;
            }
            expected.add(line);
        }
        return out;
    }

    @Test
    void everyConsoleExampleOfTheReadmeAnswersAsShown() throws Exception {
        List<Example> examples = examples(Files.readAllLines(REPO.resolve("README.md")));
        assertThat(examples).hasSizeGreaterThan(30);

        Map<String, String> mapping = new LinkedHashMap<>();
        mapping.put("/tmp/ganglion-${USER}/", dir + "/"); // guide.cfg's sockets
        mapping.put("/tmp/ganglion-$USER/", dir + "/"); // the README's commands
        // The port alone, as the other ports: `nc 127.0.0.1 8080` names it without the colon, and went
        // to whatever listened on the real 8080 (nothing, on a fresh machine: an empty answer).
        mapping.put("8080", Integer.toString(freePort()));
        List<HttpServer> backends = new ArrayList<>();
        for (String port : List.of("9001", "9002", "9003")) {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            s.createContext("/", ex -> {
                byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            s.start();
            backends.add(s);
            mapping.put(port, Integer.toString(s.getAddress().getPort()));
        }
        mapping.put("9999", Integer.toString(freePort()));
        mapping.put("9101", Integer.toString(freePort())); // web1's agent: nothing answers, which leaves the server as it is
        String config = map(Files.readString(REPO.resolve("examples/balancer/guide.cfg")), mapping);
        Balancer balancer = Balancer.start(ConfigParser.parse("guide.cfg", config));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> balancer.backend("be_app").orElseThrow()
                    .servers().stream().allMatch(s -> s.lastCheck() != null && s.lastCheck().passed()));
            for (Example e : examples) {
                String command = map(e.command(), mapping).replace("./ganglion ctl",
                        "java -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                                + "' io.ganglion.runtime.cli.CtlMain")
                        // socat gives up 0.5 s after its input ends, answer or not: on cores loaded
                        // to 15 (CI beside other builds) an answer once took longer and socat printed
                        // nothing. What is shown is the answer, not how soon it came.
                        .replace("socat stdio", "socat -t 30 stdio");
                List<String> expected = e.expected().stream().map(l -> maskRunToRun(map(l, mapping))).toList();
                // Run once: a command run again to show what it printed would change what it shows
                // (show errors counted two events).
                List<String> printed = run(command).stream().map(ReadmeDocTest::maskRunToRun).toList();
                assertThat(matches(printed, expected))
                        .as("README.md:%d `%s`%nexpected:%n%s%nbut printed:%n%s", e.line(), e.command(),
                                String.join("\n", expected), String.join("\n", printed))
                        .isTrue();
            }
        } finally {
            balancer.close();
            backends.forEach(s -> s.stop(0));
        }
    }

    private static String map(String text, Map<String, String> mapping) {
        String out = text;
        for (var m : mapping.entrySet()) {
            out = m.getKey().chars().allMatch(Character::isDigit)
                    ? out.replaceAll("\\b" + m.getKey() + "\\b", m.getValue())
                    : out.replace(m.getKey(), m.getValue());
        }
        return out;
    }

    /** Standard output of the command run by bash in the repository, as lines (no empty last one). */
    private static List<String> run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).directory(REPO.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished: " + command).isTrue();
        // A CR before the LF is not seen on a terminal, nor written in the README: an HTTP status line's.
        List<String> lines = new ArrayList<>(List.of(out.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static final Pattern DATE = Pattern.compile("\\[\\d\\d/\\w{3}/\\d{4}:[\\d:.]+\\]");
    private static final Pattern SOURCE_PORT = Pattern.compile("src 127\\.0\\.0\\.1:\\d+");

    /** What differs from run to run in what the README shows: the dates and client ports of {@code show errors}. */
    static String maskRunToRun(String line) {
        return SOURCE_PORT.matcher(DATE.matcher(line).replaceAll("[DATE]")).replaceAll("src 127.0.0.1:PORT");
    }

    /** Line for line, where a {@code ...} line stands for any number of lines. */
    static boolean matches(List<String> actual, List<String> expected) {
        return matchFrom(actual, 0, expected, 0);
    }

    private static boolean matchFrom(List<String> actual, int a, List<String> expected, int e) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).equals("...")) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matchFrom(actual, skip, expected, e + 1)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && actual.get(a).equals(expected.get(e)) && matchFrom(actual, a + 1, expected, e + 1);
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + (int) (Math.random() * 12_000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port");
    }
}
