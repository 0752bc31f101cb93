package io.ganglion.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code wrk} (the distribution's package) for a bounded time and reads its figures from one
 * line a small Lua {@code done()} hook prints: wrk's own summary has no 99.9th percentile and
 * rounds its units, the hook gives exact counts and microseconds.
 */
public final class Wrk {
    static final String MARKER = "GANGLION-BENCH";
    private static final String SCRIPT = """
            -- Written by the Ganglion benchmark harness: one machine-readable line at the end.
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("%s requests=%%d duration_us=%%d errors=%%d p50=%%d p99=%%d p999=%%d\\n",
                summary.requests, summary.duration,
                e.connect + e.read + e.write + e.timeout + e.status,
                latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
            end
            """.formatted(MARKER);
    private static final Pattern RESULT = Pattern.compile(MARKER
            + " requests=(\\d+) duration_us=(\\d+) errors=(\\d+) p50=(\\d+) p99=(\\d+) p999=(\\d+)");

    private final String binary;
    private final Path script;

    /** @param workDir where the Lua hook is written */
    public Wrk(String binary, Path workDir) {
        this.binary = binary;
        this.script = workDir.resolve("wrk-done.lua");
        try {
            Files.createDirectories(workDir);
            Files.writeString(script, SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
    }

    /**
     * @param close true to send {@code Connection: close} (a new connection per request)
     */
    public WrkResult run(int port, int threads, int connections, Duration duration, boolean close) {
        return run("http", port, threads, connections, duration, close);
    }

    /** As {@link #run(int, int, int, Duration, boolean)}, over {@code scheme} ({@code https}: TLS, certificate not checked). */
    public WrkResult run(String scheme, int port, int threads, int connections, Duration duration, boolean close) {
        List<String> command = new ArrayList<>(List.of(binary, "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "5s", "-s", script.toString()));
        if (close) {
            command.addAll(List.of("-H", "Connection: close"));
        }
        command.add(scheme + "://127.0.0.1:" + port + "/");
        String output = execute(command, duration.plusSeconds(30));
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no result line; its output:\n" + output);
        }
        return new WrkResult(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6, Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)));
    }

    private static String execute(List<String> command, Duration limit) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // wrk's output is a few lines: the pipe buffer holds it until we read it after the exit.
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not finish within " + limit.toSeconds() + " s: " + command);
            }
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while wrk ran", e);
        }
    }
}
