package io.ganglion.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLS handshakes per second with {@code openssl s_time}, one client process per thread side by
 * side: OpenSSL's own client, the same for both balancers, cheaper per handshake than a JDK client
 * (which would need more of the two cores than the servers under test), and it can offer the
 * previous session back ({@code -reuse}) to time resumed handshakes. Each process connects,
 * handshakes and closes for the given time; the harness divides the connections by the wall time
 * it measured (s_time prints only whole real seconds).
 */
public final class HandshakeLoad {
    private static final Pattern CONNECTIONS = Pattern.compile("(\\d+) connections in [\\d.]+s;");

    private HandshakeLoad() {
    }

    /** What a run did: handshakes completed and the wall time they took. */
    public record Result(long handshakes, double seconds) {
        public double perSecond() {
            return handshakes / seconds;
        }
    }

    /**
     * @param reuse   true: each client resumes its first session ({@code -reuse}) over TLS 1.2 tickets;
     *                false: full handshakes ({@code -new}) with the version both sides prefer (TLS 1.3)
     * @param clients s_time processes run at once
     */
    public static Result run(int port, boolean reuse, int clients, Duration duration) {
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < clients; i++) {
                List<String> command = new ArrayList<>(List.of("openssl", "s_time", "-connect", "127.0.0.1:" + port,
                        "-time", Long.toString(Math.max(1, duration.toSeconds()))));
                command.addAll(reuse ? List.of("-reuse", "-tls1_2") : List.of("-new"));
                processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
            }
            long handshakes = 0;
            for (Process p : processes) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("openssl s_time did not finish");
                }
                Matcher m = CONNECTIONS.matcher(out);
                if (!m.find()) {
                    throw new IllegalStateException("openssl s_time printed no count; its output:\n" + out);
                }
                handshakes += Long.parseLong(m.group(1));
            }
            return new Result(handshakes, (System.nanoTime() - start) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run openssl s_time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while openssl s_time ran", e);
        } finally {
            processes.forEach(Process::destroy);
        }
    }
}
