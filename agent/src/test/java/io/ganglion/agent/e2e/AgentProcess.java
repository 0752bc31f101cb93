package io.ganglion.agent.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agent as its own JVM ({@code AgentMain -c FILE}), so that a test can {@code kill -9} it. */
final class AgentProcess implements AutoCloseable {

    private static final Pattern CYCLES = Pattern.compile("\"cycles\" : ([0-9]+)");

    private final Process process;
    private final int statusPort;

    private AgentProcess(Process process, int statusPort) {
        this.process = process;
        this.statusPort = statusPort;
    }

    /** Starts it and waits until its status endpoint answers (the agent's readiness). */
    static AgentProcess start(Path config, int statusPort, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.ganglion.agent.AgentMain", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        AgentProcess agent = new AgentProcess(process, statusPort);
        await("agent status endpoint").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> agent.cycles() >= 0);
        return agent;
    }

    /** Reconcile cycles so far, read from {@code /status}. */
    long cycles() throws IOException, InterruptedException {
        Matcher matcher = CYCLES.matcher(get("/status"));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** The body of a GET on the agent's status endpoint, e.g. {@code /status} or {@code /audit}. */
    String get(String pathAndQuery) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the agent exited with " + process.exitValue());
        }
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code host:port} of its status endpoint, for {@code ganglion ctl --agent}. */
    String statusAddress() {
        return "127.0.0.1:" + statusPort;
    }

    /** The standby balancers this agent keeps (processes started with {@code --standby}). */
    java.util.List<ProcessHandle> standbys() {
        return process.descendants()
                .filter(E2e::isStandbyBalancer)
                .toList();
    }

    /** SIGKILL: the agent gets no chance to clean up, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
